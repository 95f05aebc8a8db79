#!/bin/sh
# A small test runner that writes Visual Studio TRX, the format the seed's pipeline publishes.
results=${1:-/app/tests/TestResults}
mkdir -p "$results"
. /app/src/tests.sh
trx="$results/delivery.trx"
defs=""
body=""
failed=0
for test in $(sed -n 's/^\(test_[a-z_]*\)().*/\1/p' /app/src/tests.sh); do
  id=$(cat /proc/sys/kernel/random/uuid)
  exec_id=$(cat /proc/sys/kernel/random/uuid)
  if output=$($test 2>&1); then outcome=Passed; else outcome=Failed; failed=$((failed + 1)); fi
  echo "  $outcome $test"
  body="$body<UnitTestResult executionId=\"$exec_id\" testId=\"$id\" testName=\"$test\" computerName=\"$(hostname)\" duration=\"00:00:00.0010000\" outcome=\"$outcome\">"
  [ "$outcome" = Failed ] && body="$body<Output><ErrorInfo><Message>$test returned non-zero</Message><StackTrace>at $test in /app/src/tests.sh</StackTrace></ErrorInfo></Output>"
  body="$body</UnitTestResult>"
  defs="$defs<UnitTest name=\"$test\" id=\"$id\"><Execution id=\"$exec_id\"/><TestMethod className=\"Delivery.Tests.QuoteTests\" name=\"$test\"/></UnitTest>"
done
cat > "$trx" <<TRX
<?xml version="1.0" encoding="utf-8"?>
<TestRun id="$(cat /proc/sys/kernel/random/uuid)" name="delivery" xmlns="http://microsoft.com/schemas/VisualStudio/TeamTest/2010">
<Times start="$(date -u +%Y-%m-%dT%H:%M:%S).0000000+00:00"/>
<Results>$body</Results>
<TestDefinitions>$defs</TestDefinitions>
</TestRun>
TRX
[ "$failed" -eq 0 ]
