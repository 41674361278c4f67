"""接口客户端 pages: registration shows the token once, rotation and revocation, who may manage."""

from __future__ import annotations

from factories import user

from sifasuo.api.models import PartnerClient
from sifasuo.core.models import AuditEntry
from sifasuo.core.roles import Role


def _register(client, unit, name="秦楼热线终端"):
    return client.post(
        "/api/clients/new/",
        {
            "name": name,
            "unit": unit.pk,
            "scopes": ["matters:create", "matters:read"],
            "rate_per_minute": 60,
            "webhook_url": "https://hotline.example/hook",
        },
    )


def test_registration_shows_the_token_once(login, world):
    client = login(world.supervisor)
    response = _register(client, world.police_a1)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    page = response.content.decode()
    partner = PartnerClient.objects.get()
    token = page.split('<code id="token">')[1].split("</code>")[0]
    assert token.startswith("sfs_") and token not in partner.token_digest
    assert partner.webhook_secret in page
    detail = client.get(f"/api/clients/{partner.pk}/").content.decode()
    assert token not in detail and partner.token_prefix in detail
    assert "秦楼热线终端" in client.get("/api/clients/").content.decode()
    row = AuditEntry.objects.get(action="api_client.register")
    assert row.actor_name == world.supervisor.username and token not in str(row.changes)


def test_rotate_and_revoke_from_the_client_page(login, world):
    client = login(world.admin)
    _register(client, world.police_a1)
    partner = PartnerClient.objects.get()
    old_digest = partner.token_digest
    page = client.post(f"/api/clients/{partner.pk}/rotate/").content.decode()
    partner.refresh_from_db()
    assert partner.token_digest != old_digest and "只显示这一次" in page
    client.post(f"/api/clients/{partner.pk}/revoke/")
    partner.refresh_from_db()
    assert not partner.is_active
    assert "已停用" in client.get(f"/api/clients/{partner.pk}/").content.decode()


def test_bad_input_keeps_what_was_typed(login, world):
    client = login(world.admin)
    response = client.post(
        "/api/clients/new/",
        {
            "name": "市热线",
            "unit": world.county_a.pk,
            "scopes": ["matters:create"],
            "rate_per_minute": 60,
        },
    )
    page = response.content.decode()
    assert "登记工单的客户端须代表司法所" in page and 'value="市热线"' in page
    assert not PartnerClient.objects.exists()


def test_office_staff_may_not_manage_clients(login, world):
    client = login(world.office_head)
    assert client.get("/api/clients/").status_code == 403
    assert _register(client, world.office_a1).status_code == 403


def test_another_countys_supervisor_gets_404(login, world, client):
    _register(login(world.admin), world.police_a1)
    partner = PartnerClient.objects.get()
    other = user("county_b", world.county_b, Role.SUPERVISOR)
    client.force_login(other)
    assert client.get(f"/api/clients/{partner.pk}/").status_code == 404
    assert client.post(f"/api/clients/{partner.pk}/rotate/").status_code == 404
    assert client.post(f"/api/clients/{partner.pk}/revoke/").status_code == 404
    assert "秦楼热线终端" not in client.get("/api/clients/").content.decode()
    partner.refresh_from_db()
    assert partner.is_active


def test_the_sidebar_offers_client_management_only_where_the_page_opens(login, world, client):
    """A city supervisor is a supervisor too, but only a county manages its partners' clients."""
    city = user("city_supervisor", world.city, Role.SUPERVISOR)
    for person, opens in ((world.supervisor, True), (world.admin, True), (city, False)):
        client.force_login(person)
        assert (client.get("/api/clients/").status_code == 200) is opens
        assert ('href="/api/clients/"' in client.get("/").content.decode()) is opens
