def log = new File(basedir, 'build.log').text
def why = "branch release/payments/v2.0.0 releases service 'payments', not 'other-service-release'"
assert log.contains('other-service-release on gitlab-ci, branch release/payments/v2.0.0: stage release')
assert log.contains('every step of other-service-release skips: ' + why)
assert log.contains('nothing to build: ' + why)
assert log.contains('tests not run: ' + why)
assert !new File(basedir, 'target/cicd/images.json').exists()
return true
