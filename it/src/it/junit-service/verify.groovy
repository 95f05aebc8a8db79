// Given the sample Java service (JUnit 5 tests run by JUnit's console launcher in the testrunner
// stage), `mvn verify` on main builds both images, runs the tests without network, and passes.
def log = new File(basedir, 'build.log').text
assert log.contains('stage main (trunk branch main)')
assert log.contains('Tests: 6 run, 6 passed, 0 failed, 0 errors, 0 skipped')
assert log.contains('building runtime image delivery:v0.0.0-main.')

def reports = new File(basedir, 'target/cicd/test-results').listFiles().findAll { it.name.endsWith('.xml') }
def suites = reports.collect { new groovy.xml.XmlSlurper().parse(it) }
def cases = suites.collectMany { it.testcase.list() }
assert cases.size() == 6
assert cases.find { it.@name.text() == 'isLiveAndReady()' }.@classname.text() == 'com.example.delivery.DeliveryServiceTest'

def images = new groovy.json.JsonSlurper().parse(new File(basedir, 'target/cicd/images.json'))
def user = ['docker', 'image', 'inspect', '--format', '{{.Config.User}}', images.runtimeImage.reference].execute().text.trim()
assert user == '10001' : 'the runtime image runs as a non-root user'

// The trunk scans the runtime image: the service's own jar and the JRE are inventoried, nothing blocks.
assert log.contains('Scan gate: passed')
def sbom = new groovy.json.JsonSlurper().parse(new File(basedir, 'target/cicd/scan/sbom.cdx.json'))
assert sbom.components.any { it.purl?.startsWith('pkg:maven/com.example.shipping/delivery@1.0-SNAPSHOT') }
return true
