"""Organization screens: UBN validation on the form path changes nothing when bad."""

from hopehome.core.models import AuditEntry, Organization


def post(client, **overrides):
    data = {"kind": "employer", "name": "將寶實業股份有限公司", "ubn": "04595252", "address": "", "responsible_person": "王大明"}
    data.update(overrides)
    return client.post("/staff/organizations/new/", data)


def test_clerk_creates_an_organization_with_a_valid_ubn(client, clerk):
    client.force_login(clerk)
    response = post(client)
    assert response.status_code == 302
    org = Organization.objects.get()
    assert org.ubn == "04595252"
    assert AuditEntry.objects.filter(object_type="core.organization", action="create").count() == 1


def test_a_bad_ubn_is_shown_on_the_field_and_nothing_is_saved(client, clerk):
    client.force_login(clerk)
    response = post(client, ubn="12345678")
    assert response.status_code == 200
    html = response.content.decode()
    assert "統一編號「12345678」檢查碼錯誤" in html
    assert 'aria-invalid="true"' in html
    assert 'href="#id_ubn"' in html
    assert Organization.objects.count() == 0


def test_a_duplicate_ubn_is_refused(client, clerk):
    client.force_login(clerk)
    post(client)
    response = post(client, name="另一家公司")
    assert "此統一編號已登錄於另一個機構" in response.content.decode()
    assert Organization.objects.count() == 1


def test_search_by_folded_name_and_exact_ubn(client, clerk, django_assert_max_num_queries):
    client.force_login(clerk)
    post(client, name="臺灣保全股份有限公司")
    with django_assert_max_num_queries(8):
        assert "臺灣保全" in client.get("/staff/organizations/", {"q": "台灣"}).content.decode()
    assert "臺灣保全" in client.get("/staff/organizations/", {"q": "04595252"}).content.decode()


def test_inspectors_cannot_create_organizations(client, inspector):
    client.force_login(inspector)
    assert post(client).status_code == 403
    assert Organization.objects.count() == 0
