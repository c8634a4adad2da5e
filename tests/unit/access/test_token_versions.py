from hub.core.token_state import TokenVersions


def test_one_version_normally() -> None:
    versions = TokenVersions(pinned=1)
    assert (versions.write, versions.lookup) == (1, (1,))


def test_two_versions_while_re_tokenising() -> None:
    versions = TokenVersions(pinned=1, target=3)
    assert (versions.write, versions.lookup) == (3, (1, 3))
