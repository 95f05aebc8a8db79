// Given a service whose test stage writes TRX, when `mvn verify` runs on a feature branch,
// then the test image is built, the tests run in it, and the results land as JUnit XML.
def log = new File(basedir, 'build.log').text
def cicd = new File(basedir, 'target/cicd')

assert log.contains('stage feature (feature branch feature/trx-service/quotes)')
assert log.contains('building test image trx-service:v0.0.0-feature-trx-service-quotes.')
assert log.contains('Passed test_quote_for_one_parcel') : 'the container output is streamed'
assert log.contains('Tests: 3 run, 3 passed, 0 failed, 0 errors, 0 skipped')
assert log.contains('runtime image not built: stage \'feature\' does not run step \'image\'')

def reports = new File(cicd, 'test-results').listFiles().findAll { it.name.endsWith('.xml') }
assert reports*.name == ['TEST-delivery.xml']
def suite = new groovy.xml.XmlSlurper().parse(reports[0])
assert suite.name() == 'testsuite'
assert suite.@tests.text() == '3'
assert suite.@failures.text() == '0'
assert suite.testcase.find { it.@name == 'test_route_names_are_lower_case' }.@classname.text() == 'Delivery.Tests.QuoteTests'

def summary = new groovy.json.JsonSlurper().parse(new File(cicd, 'test-summary.json'))
assert summary.status == 'PASSED'
assert summary.exitCode == 0

def context = new groovy.json.JsonSlurper().parse(new File(cicd, 'context.json'))
assert context.stage == 'feature'
assert context.imageTag.startsWith('v0.0.0-feature-trx-service-quotes.')
assert context.imageTag != 'latest'

// The test container is gone.
def leftovers = ['docker', 'ps', '-aq', '--filter', 'label=dev.cicd.role=testrunner'].execute().text.trim()
assert leftovers.isEmpty() : "test containers left behind: $leftovers"
return true
