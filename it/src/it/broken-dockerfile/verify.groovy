// Given a Dockerfile whose build step fails, the build stops with "could not build image",
// names the step and shows its output; no test ran, so no test summary exists.
def log = new File(basedir, 'build.log').text
assert log.contains('could not build image broken-dockerfile:v0.0.0-feature-broken-dockerfile-x.')
assert log.contains("'Step 4/")
assert log.contains("returned a non-zero code: 3")
assert log.contains("Quote.java:12: error: ';' expected")
assert !new File(basedir, 'target/cicd/test-summary.json').exists()
assert !log.contains('Tests could not run')
return true
