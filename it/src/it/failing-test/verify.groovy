// Given a test stage that reports a failing test, the build fails and names the test with its message.
def log = new File(basedir, 'build.log').text
assert log.contains('There are test failures: 1 of 2 tests failed.')
assert log.contains('FAILED  com.example.QuoteTest.quotesZeroParcels  expected: <0> but was: <5>')
assert !log.contains('could not build image')
def report = new File(basedir, 'target/cicd/test-results/TEST-com.example.QuoteTest.xml')
assert report.isFile() : 'results are still written for CI to publish'
def summary = new groovy.json.JsonSlurper().parse(new File(basedir, 'target/cicd/test-summary.json'))
assert summary.status == 'FAILED'
assert summary.failing[0].name == 'quotesZeroParcels'
return true
