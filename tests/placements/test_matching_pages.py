"""The matching run pages: start, progress, review, accept, reject, run again, downloads."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest

from fostering.extensions import db
from fostering.models import MatchingOutcome, MatchingRun, Placement, Role
from fostering.models.matching_run import RunStatus
from fostering.models.types import utcnow
from tests.conftest import csrf_token_from, form_post, page_text, sign_in
from tests.factories import create_child, create_user
from tests.matching.checker import check
from tests.pages import parsed
from tests.placements.matching_data import completed_run, small_council
from tests.placements.test_matching_runs import wait_for_run


def _officer(client):
    officer = create_user(role=Role.PLACEMENT_OFFICER, name="Olwen Officer")
    sign_in(client, officer)
    return officer


def _start(client) -> int:
    response = form_post(client, "/placements/runs/new", _form_defaults(client))
    assert response.status_code == 302, page_text(response)
    return int(re.search(r"/placements/runs/(\d+)$", response.headers["Location"]).group(1))


def _form_defaults(client) -> dict:
    """What the start form holds when the officer just presses the button."""

    soup = parsed(client.get("/placements/runs/new").get_data(as_text=True))
    data: dict = {}
    for field in soup.select("form[method=post] input"):
        name, kind = field.get("name"), field.get("type")
        if not name or name == "csrf_token" or kind == "submit":
            continue
        if kind == "checkbox":
            if field.has_attr("checked"):
                data.setdefault(name, []).append(field["value"])
        else:
            data[name] = field.get("value", "")
    return data


def test_only_placement_officers_see_runs(app, client):
    sign_in(client, create_user(role=Role.SOCIAL_WORKER))
    assert client.get("/placements/runs").status_code == 403
    assert client.get("/placements/runs/new").status_code == 403


def test_the_start_form_is_filled_with_the_defaults_and_every_child_waiting(app, client):
    _officer(client)
    council = small_council()
    data = _form_defaults(client)
    assert sorted(data["children"]) == sorted(str(c.id) for c in council.children)
    assert data["weight_km"] == "10" and data["time_limit_seconds"] == "30"


def test_a_refused_start_form_keeps_what_was_typed(app, client):
    _officer(client)
    small_council()
    data = {**_form_defaults(client), "weight_km": "lots", "children": []}
    response = form_post(client, "/placements/runs/new", data)
    assert response.status_code == 200
    text = page_text(response)
    assert "There is a problem" in text
    assert "Each weight must be a number of 0 or more" in text
    assert "Choose at least one child to match" in text
    assert 'value="lots"' in response.get_data(as_text=True)
    assert db.session.query(MatchingRun).count() == 0


def test_the_progress_page_refreshes_itself_and_offers_cancel(app, client):
    officer = _officer(client)
    run = MatchingRun(status=RunStatus.RUNNING.value, created_by_id=officer.id,
                      heartbeat_at=utcnow(), started_at=utcnow(), progress_level="in_house",
                      progress_placed=7, progress_gap=0.031, children_count=9)  # fmt: skip
    db.session.add(run)
    db.session.commit()
    response = client.get(f"/placements/runs/{run.id}")
    html = response.get_data(as_text=True)
    assert '<noscript><meta http-equiv="refresh" content="2"></noscript>' in html
    assert 'id="run-level" class="govuk-visually-hidden" aria-live="polite"' in html
    text = page_text(response)
    assert "Using as many in-house places as possible" in text
    assert "Placed so far 7" in text and "3.1 %" in text
    url = f"/placements/runs/{run.id}"
    response = form_post(client, f"{url}/cancel", token_from=url)
    assert response.status_code == 302
    db.session.refresh(run)
    assert run.cancel_requested


@pytest.mark.commits  # runs are jobs in threads
def test_review_accept_reject_run_again_and_downloads(app, client, tmp_path):
    _officer(client)
    council = small_council()
    run = wait_for_run(_start(client))
    assert run.status == "completed", run.error
    url = f"/placements/runs/{run.id}"
    response = client.get(url)
    text = page_text(response)
    assert "Against the baseline search" in text
    assert "An in-house foster carer" in text
    assert "£325.00" in text and "Independent fostering agency" in text
    by_child = {o.child_id: o for o in run.outcomes}
    carers = [o for o in run.outcomes if o.carer_id]
    accepted, rejected = carers[0], carers[1]
    response = form_post(client, f"{url}/outcomes/{accepted.id}/accept", token_from=url)
    assert response.status_code == 302
    response = form_post(client, f"{url}/outcomes/{rejected.id}/reject", {"reason": "distance"})
    assert response.status_code == 302
    db.session.expire_all()
    placement = db.session.query(Placement).one()
    assert placement.child_id == accepted.child_id
    assert placement.matching_outcome_id == accepted.id
    assert placement.carer_id == accepted.carer_id
    assert (placement.stage, placement.planned_weekly_cost_pence) == ("planned", 32_500)
    carer = placement.carer
    assert carer.occupied == 1
    # Deciding twice is refused with a message and changes nothing.
    response = form_post(client, f"{url}/outcomes/{accepted.id}/accept", token_from=url)
    assert "already been decided" in page_text(client.get(url))
    assert db.session.query(Placement).count() == 1

    # Downloads: the instance validates, the result passes the independent checker.
    instance = client.get(f"{url}/instance.json")
    assert instance.headers["Content-Disposition"].startswith("attachment;")
    result = client.get(f"{url}/result.json")
    path = tmp_path / "instance.json"
    path.write_bytes(instance.get_data())
    result_path = tmp_path / "result.json"
    result_path.write_bytes(result.get_data())
    done = subprocess.run([sys.executable, "-m", "matching", "validate", str(path)],
                          capture_output=True, text=True, timeout=60)  # fmt: skip
    assert done.returncode == 0, done.stderr
    done = subprocess.run(
        [sys.executable, "-m", "matching", "validate", str(path), "--result", str(result_path)],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    report = check(json.loads(instance.get_data()), json.loads(result.get_data()))
    assert report.violations == []

    # Run again: the accepted pair is kept, the rejected one never comes back.
    response = form_post(client, f"{url}/again", token_from=url)
    assert response.status_code == 302
    again = wait_for_run(int(response.headers["Location"].rsplit("/", 1)[1]))
    assert again.status == "completed", again.error
    assert again.previous_run_id == run.id
    data = json.loads(again.instance_json)
    kept = {"child": f"C{accepted.child_id}", "provider": f"H{accepted.carer_id}"}
    refused = {"child": f"C{rejected.child_id}", "provider": f"H{rejected.carer_id}"}
    assert (data["fixed"], data["forbidden"]) == ([kept], [refused])
    new = {o.child_id: o for o in again.outcomes}
    assert new[accepted.child_id].carer_id == accepted.carer_id
    assert new[accepted.child_id].decision == "accepted"
    assert new[accepted.child_id].baseline_weekly_cost_pence is None  # saved once, not twice
    assert new[rejected.child_id].carer_id != rejected.carer_id
    assert len(new) == len(by_child) == len(council.children)
    assert "Accepted" in page_text(client.get(f"/placements/runs/{again.id}"))


def test_runs_list_pages(app, client):
    _officer(client)
    assert "There are no matching runs yet" in page_text(client.get("/placements/runs"))
    for _ in range(22):
        db.session.add(MatchingRun(status=RunStatus.FAILED.value, error="internal"))
    db.session.commit()
    text = page_text(client.get("/placements/runs"))
    assert "Showing 1 to 20 of 22" in text
    assert "Showing 21 to 22 of 22" in page_text(client.get("/placements/runs?page=2"))
    assert db.session.query(MatchingOutcome).count() == 0


def test_a_running_runs_page_links_back_to_every_run(app, client):
    officer = create_user(role=Role.PLACEMENT_OFFICER)
    sign_in(client, officer)
    run = MatchingRun(status=RunStatus.RUNNING.value, created_by_id=officer.id,
                      heartbeat_at=utcnow(), started_at=utcnow(), children_count=9)  # fmt: skip
    db.session.add(run)
    db.session.commit()
    for locale, text in (("en", "All matching runs"), ("cy", "Pob rhediad paru")):
        client.get(f"/locale/{locale}")
        html = client.get(f"/placements/runs/{run.id}").get_data(as_text=True)
        back = parsed(html).select_one("a.govuk-back-link")
        assert back is not None and back["href"] == "/placements/runs"
        assert back.get_text(strip=True) == text


def test_each_run_in_the_list_shows_who_when_status_counts_and_links(app, client):
    officer = _officer(client)
    run = completed_run(officer)
    again = completed_run(officer, previous_run_id=run.id)
    queued = MatchingRun(status=RunStatus.QUEUED.value, children_count=3, instance_json="{}",
                         policy={}, job_id=None)  # fmt: skip
    db.session.add(queued)
    db.session.commit()
    soup = parsed(client.get("/placements/runs").get_data(as_text=True))
    headers = [th.get_text(strip=True) for th in soup.select("thead th")]
    assert headers == ["Run", "Started", "Started by", "Status", "Children", "Placed",
                       "In-house", "Weekly cost", "Links"]  # fmt: skip
    row = soup.select_one(f"#run-{again.id}").find_parent("tr")  # the id is on its first cell
    cells = [c.get_text(" ", strip=True) for c in row.select("th, td")]
    assert cells[0] == f"Run {again.id} Again after run {run.id}"
    assert cells[2:7] == ["Olwen Officer", "Finished", "5", "4", "2"]
    assert cells[1]  # when it started
    links = {a.get_text(" ", strip=True): a["href"] for a in row.select("td a")}
    assert (
        links[f"Review the proposals – Run {again.id}"] == f"/placements/runs/{again.id}#proposals"
    )
    assert f"Result (JSON) – Run {again.id}" in links


# --- Finding children on the start form ----------------------------------------


def _start_form(client, data: dict):
    html = client.get("/placements/runs/new").get_data(as_text=True)
    return client.post("/placements/runs/new", data={"csrf_token": csrf_token_from(html), **data})


def _ticked(response) -> tuple[list[str], list[str]]:
    soup = parsed(response.get_data(as_text=True))
    boxes = soup.select("input[type=checkbox][name=children]")
    shown = [b["value"] for b in boxes]
    ticked = [b["value"] for b in boxes if b.has_attr("checked")]
    hidden = [h["value"] for h in soup.select("input[type=hidden][name=children]")]
    return shown, sorted(ticked + hidden)


def test_the_start_form_groups_children_by_urgency(app, client):
    _officer(client)
    create_child(given_name="Ifan", urgency="immediate")
    create_child(given_name="Gwen", urgency="urgent")
    create_child(given_name="Pryderi", urgency="planned")
    soup = parsed(client.get("/placements/runs/new").get_data(as_text=True))
    legends = [legend.get_text(strip=True) for legend in soup.select("fieldset legend")]
    assert legends[:3] == ["Immediate (today)", "Urgent (within 7 days)", "Planned"]
    assert soup.select_one("input#children")["type"] == "checkbox"  # the error summary's target
    assert "Children ticked: 3 of 3." in page_text(client.get("/placements/runs/new"))


def test_starting_with_nobody_ticked_points_the_error_at_the_first_child(app, client):
    _officer(client)
    create_child(given_name="Gwen", urgency="urgent")
    create_child(given_name="Pryderi", urgency="planned")
    weights = ("weekly_cost", "km", "school_move", "welsh_mismatch", "sibling_split")
    policy = {f"weight_{name}": "1" for name in weights} | {"time_limit_seconds": "10"}
    response = _start_form(client, policy)
    assert response.status_code == 200
    soup = parsed(response.get_data(as_text=True))
    link = soup.select_one(".govuk-error-summary a")
    assert link.get_text(strip=True) == "Choose at least one child to match"
    target = soup.select_one(link["href"])
    assert target is not None and target["type"] == "checkbox"
    assert target.find_parent("fieldset").select_one(".govuk-error-message")


def test_finding_a_child_keeps_what_is_ticked_and_the_policy(app, client):
    _officer(client)
    ifan = create_child(given_name="Ifan", family_name="Owen", urgency="immediate")
    gwen = create_child(given_name="Gwen", family_name="Rees", urgency="urgent")
    pryderi = create_child(given_name="Pryderi", family_name="Owen", urgency="planned")
    ids = {c.given_name: str(c.id) for c in (ifan, gwen, pryderi)}
    response = _start_form(client, {"action": "find", "find": "owen", "children": [ids["Gwen"],
                           ids["Pryderi"]], "weight_km": "7"})  # fmt: skip
    assert response.status_code == 200
    shown, ticked = _ticked(response)
    assert sorted(shown) == sorted([ids["Ifan"], ids["Pryderi"]])
    assert ticked == sorted([ids["Gwen"], ids["Pryderi"]])  # Gwen stays ticked, hidden
    soup = parsed(response.get_data(as_text=True))
    assert soup.select_one("input[name=weight_km]")["value"] == "7"
    assert soup.select_one("input#find")["value"] == "owen"
    assert not soup.select(".govuk-error-summary")
    text = page_text(response)
    assert "Children ticked: 2 of 3." in text
    assert "Ticked children your search does not show stay ticked: 1." in text
    # A reference finds a child too; a search that finds nobody says so.
    shown, _ticked_ids = _ticked(_start_form(client, {"action": "find", "find": gwen.reference}))
    assert shown == [ids["Gwen"]]
    assert "No child waiting matches your search" in page_text(
        _start_form(client, {"action": "find", "find": "zzz"})
    )


def test_tick_and_untick_a_whole_urgency_group(app, client):
    _officer(client)
    planned = [create_child(given_name=n, urgency="planned") for n in ("Ann", "Ben")]
    urgent = create_child(given_name="Cat", urgency="urgent")
    all_ids = [str(c.id) for c in (*planned, urgent)]
    _shown, ticked = _ticked(_start_form(client, {"action": "untick:planned", "children": all_ids}))
    assert ticked == [str(urgent.id)]
    _shown, ticked = _ticked(_start_form(client, {"action": "tick:planned", "children": []}))
    assert ticked == sorted(str(c.id) for c in planned)
    # Ticking a group while searching ticks only the children found.
    _shown, ticked = _ticked(
        _start_form(client, {"action": "tick:planned", "find": "Ann", "children": []})
    )
    assert ticked == [str(planned[0].id)]


def test_a_run_starts_with_the_children_ticked_after_a_search(app, client, monkeypatch):
    _officer(client)
    kept, dropped = create_child(given_name="Kept"), create_child(given_name="Dropped")
    started = {}

    def fake_start_run(**kwargs):
        started.update(kwargs)
        run = completed_run()
        return run

    monkeypatch.setattr("fostering.placements.services.matching_runs.start_run", fake_start_run)
    html = client.get("/placements/runs/new").get_data(as_text=True)
    soup = parsed(html)
    data = {i["name"]: i.get("value", "") for i in soup.select("form[method=post] input")
            if i.get("type") not in ("checkbox", "submit") and i.get("name")}  # fmt: skip
    data["children"] = [str(kept.id)]
    data["find"] = "Dropped"
    response = client.post("/placements/runs/new", data=data)
    assert response.status_code == 302, page_text(response)
    assert started["child_ids"] == [kept.id] and dropped.id not in started["child_ids"]


@pytest.mark.parametrize(("keep", "weight"), [(True, 5000.0), (False, 500.0)])
def test_a_run_can_be_asked_to_prefer_keeping_schools(app, client, monkeypatch, keep, weight):
    _officer(client)
    child = create_child()
    started = {}

    def fake_start_run(**kwargs):
        started.update(kwargs)
        return completed_run()

    monkeypatch.setattr("fostering.placements.services.matching_runs.start_run", fake_start_run)
    soup = parsed(client.get("/placements/runs/new").get_data(as_text=True))
    data = {i["name"]: i.get("value", "") for i in soup.select("form[method=post] input")
            if i.get("type") not in ("checkbox", "submit") and i.get("name")}  # fmt: skip
    data["children"] = [str(child.id)]
    data["weight_school_move"] = "500"
    if keep:
        data["keep_schools"] = "y"
    assert client.post("/placements/runs/new", data=data).status_code == 302
    assert started["policy"]["weights"]["school_move"] == weight
