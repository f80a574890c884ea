import pytest

from web import create_app


@pytest.fixture
def app():
    return create_app({"TESTING": True})


@pytest.fixture
def client(app):
    return app.test_client()


def test_index_links_every_blank_document(client):
    page = client.get("/").get_data(as_text=True)
    assert "/blank/ice-interview-consent/ko.pdf?paper=a4" in page


def test_blank_pdf_is_served(client):
    response = client.get("/blank/ice-interview-consent/vi.pdf?paper=a4")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf" and response.data.startswith(b"%PDF-")
    assert response.headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("url", ["/blank/nope/en.pdf", "/blank/ice-interview-consent/xx.pdf", "/blank/..%2Fetc/en.pdf"])
def test_unknown_ids_are_404(client, url):
    assert client.get(url).status_code == 404


def test_unknown_paper_is_400(client):
    assert client.get("/blank/ice-interview-consent/en.pdf?paper=b5").status_code == 400
