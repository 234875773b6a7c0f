"""Web pieces every area shares: form fields and forms, dates, money formatting, paging,
charts, navigation, language, and the shared layout and macros (``templates/``)."""
