def log = new File(basedir, 'build.log').text
assert log.contains('The chart breaks the policy:')
assert log =~ /Deployment\/policy-root-container\s+container app\s+SEC-NONROOT/
assert log =~ /Deployment\/policy-root-container\s+container app\s+SEC-PRIVESC/
assert log.contains('waived:') && log.contains('limits are set by the namespace\'s LimitRange in this cluster')
def policy = new groovy.json.JsonSlurper().parse(new File(basedir, 'target/cicd/policy.json'))
assert policy.passed == false
assert policy.violations*.rule.containsAll(['SEC-NONROOT', 'SEC-PRIVESC'])
assert !policy.violations*.rule.contains('RES-LIMITS')
assert policy.waived*.violation*.rule == ['RES-LIMITS']
return true
