"""How much free text each kind of field takes, sized to the paper form it is printed on. Every
form field of the platform that takes text has one of these limits (tests/core/test_text_limits.py
checks it), so no document is asked to set an unbounded text."""

# A box on a form: a reason, a follow-up note, a result (about a third of an A4 page).
NOTE_MAX = 1000
# A narrative section: 事项简述, 纠纷简要情况 (one A4 page at 11 pt is about 2,000 characters).
NARRATIVE_MAX = 2000
# A document of its own: 调解笔录, 协议内容, 审查意见 (a few pages).
DOCUMENT_MAX = 10000
# A search box.
SEARCH_MAX = 100
# A password (hashing cost must not grow with what an attacker sends).
PASSWORD_MAX = 128
