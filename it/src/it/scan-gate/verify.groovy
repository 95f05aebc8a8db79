// Each invocation's output, in order (the invoker appends them to one build.log).
import groovy.json.JsonSlurper

def runs = new File(basedir, 'build.log').text.split(/(?m)^\[INFO\] Scanning for projects\.\.\.$/).findAll { it.contains('cicd') }
assert runs.size() == 4 : "expected 4 invocations, got ${runs.size()}"

// 1: the gate fails, naming package, installed and fixed version, the advisory and its CVE.
def blocked = runs[0]
assert blocked =~ /scanning \S+ against 2 advisories .*, gate CRITICAL and above/
assert blocked =~ /org\.apache\.logging\.log4j:log4j-core\s+2\.14\.1\s+2\.15\.0.*GHSA-jfh8-c2jp-5v3q \(CVE-2021-44228\)\s+CRITICAL 10\.0\s+BLOCKS/
assert blocked.contains('The image has 1 known vulnerability at or above CRITICAL:')
assert blocked.contains('CRITICAL  org.apache.logging.log4j:log4j-core 2.14.1  GHSA-jfh8-c2jp-5v3q (CVE-2021-44228)  fixed in 2.15.0')
assert blocked.contains('accept a finding in scan-waivers.yaml')
// The distribution package is found through its source package; DSA-5514-1 has no rating, so it is reported, not gated.
assert blocked =~ /libc6\s+2\.36-9\+deb12u1\s+2\.36-9\+deb12u3\s+DSA-5514-1 \(DEBIAN-CVE-2023-4911, CVE-2023-4911\)\s+UNKNOWN/
assert blocked.contains('BUILD FAILURE')

// 2: waived: passes and says so.
def waived = runs[1]
assert waived.contains('waiver applied: CVE-2021-44228 on org.apache.logging.log4j:log4j-core until 2099-12-31: JNDI lookups disabled')
assert waived =~ /GHSA-jfh8-c2jp-5v3q \(CVE-2021-44228\)\s+CRITICAL 10\.0\s+waived until 2099-12-31/
assert waived.contains('Scan gate: passed')
assert waived.contains('BUILD SUCCESS')

// 3: an expired waiver is reported and no longer applies.
def expired = runs[2]
assert expired.contains('waiver EXPIRED (no longer applies): GHSA-jfh8-c2jp-5v3q, expired 2020-01-01')
assert expired.contains('The image has 1 known vulnerability at or above CRITICAL:')
assert expired.contains('BUILD FAILURE')

// 4: upgraded: passes; the reports describe the image that passed.
def fixed = runs[3]
assert !fixed.contains('GHSA-jfh8-c2jp-5v3q')
assert fixed.contains('Scan gate: passed')
assert fixed.contains('BUILD SUCCESS')

def scan = new File(basedir, 'target/cicd/scan')
def result = new JsonSlurper().parse(new File(scan, 'scan-result.json'))
assert result.findings*.advisory == ['DSA-5514-1']
def sbom = new JsonSlurper().parse(new File(scan, 'sbom.cdx.json'))
assert sbom.components.find { it.purl?.startsWith('pkg:maven/org.apache.logging.log4j/log4j-core@2.17.1') }
assert sbom.components.find { it.name == 'libc6' && it.version == '2.36-9+deb12u1' }
def sarif = new JsonSlurper().parse(new File(scan, 'results.sarif'))
assert sarif.runs[0].results*.ruleId == ['DSA-5514-1']
assert new File(scan, 'junit').listFiles().any { it.name.endsWith('.xml') && it.text.contains('DSA-5514-1') }
def gate = new JsonSlurper().parse(new File(scan, 'gate.json'))
assert gate.passed && gate.threshold == 'CRITICAL' && gate.findings == 1 && gate.blocking == 0
return true
