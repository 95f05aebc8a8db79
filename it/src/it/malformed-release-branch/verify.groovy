def log = new File(basedir, 'build.log').text
assert log.contains("branch 'release/malformed-release-branch/1.x' is not a valid release branch: '1.x' is not a SemVer 2.0 version; expected release/<service>/v<semver>, e.g. release/delivery/v1.0.2")
return true
