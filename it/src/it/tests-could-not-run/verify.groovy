def log = new File(basedir, 'build.log').text
assert log.contains('Tests could not run: the test container exited with code 127 and wrote no results to /app/tests/TestResults')
assert log.contains('dotnet: test assembly not found')
assert !log.contains('There are test failures')
return true
