"""The platform's icon: linked from every staff page, served from the static files, allowed by
the pages' content security policy, and answered at /favicon.ico, where browsers look for it."""

import re

ICON = "/static/sifasuo/favicon.svg"


def test_the_staff_pages_link_the_icon_the_policy_allows(client, world):
    client.force_login(world.office_user)
    for path in ("/", "/login/"):
        response = client.get(path, follow=True)
        assert response.status_code == 200
        html = response.content.decode()
        assert f'<link rel="icon" href="{ICON}" type="image/svg+xml">' in html, path
        images = re.search(r"img-src ([^;]*)", response["Content-Security-Policy"]).group(1)
        assert "'self'" in images.split()


def test_the_icon_is_an_svg_and_favicon_ico_leads_to_it(client, db):
    icon = client.get(ICON)
    assert icon.status_code == 200
    assert icon["Content-Type"].startswith("image/svg+xml")
    body = b"".join(icon.streaming_content) if icon.streaming else icon.content
    assert body.lstrip().startswith(b"<svg") and b"<script" not in body
    legacy = client.get("/favicon.ico", follow=True)
    assert legacy.status_code == 200
    assert legacy.redirect_chain == [(ICON, 301)]
