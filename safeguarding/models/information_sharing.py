"""The information shared with a receiving centre before a Back-on-Track off-siting.

Source: 000_6280d14dcdeb4d53.txt "Information sharing, safeguarding".
"""

__all__: list[str] = []
