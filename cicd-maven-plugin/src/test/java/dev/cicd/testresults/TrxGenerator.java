package dev.cicd.testresults;

import java.io.IOException;
import java.io.Writer;
import java.util.UUID;

/** Writes a TRX file shaped like VSTest's, with as many results as asked; every n-th one fails. */
public final class TrxGenerator {

    private TrxGenerator() {}

    public static void write(Writer out, int results, int failEvery) throws IOException {
        String ns = "http://microsoft.com/schemas/VisualStudio/TeamTest/2010";
        out.write("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<TestRun id=\"" + UUID.randomUUID()
                + "\" name=\"generated\" xmlns=\"" + ns + "\">\n");
        out.write(
                "  <Times creation=\"2026-11-26T10:00:00.0000000+00:00\" start=\"2026-11-26T10:00:00.0000000+00:00\" finish=\"2026-11-26T10:05:00.0000000+00:00\"/>\n");
        out.write("  <Results>\n");
        UUID[] ids = new UUID[results];
        for (int i = 0; i < results; i++) {
            ids[i] = new UUID(0x1234L, i);
            boolean fails = i % failEvery == 0;
            out.write("    <UnitTestResult executionId=\"" + new UUID(0x5678L, i) + "\" testId=\"" + ids[i]
                    + "\" testName=\"Test_" + i + "\" computerName=\"agent-1\" duration=\"00:00:00.0012000\""
                    + " outcome=\"" + (fails ? "Failed" : "Passed") + "\">");
            if (fails) {
                out.write("<Output><ErrorInfo><Message>Assert.AreEqual failed. Expected:&lt;" + i
                        + "&gt;. Actual:&lt;0&gt;.</Message><StackTrace>   at Shipping.Delivery.Tests.Class"
                        + (i % 50) + ".Test_" + i + "() in /src/Tests.cs:line " + i
                        + "</StackTrace></ErrorInfo></Output>");
            }
            out.write("</UnitTestResult>\n");
        }
        out.write("  </Results>\n  <TestDefinitions>\n");
        for (int i = 0; i < results; i++) {
            out.write("    <UnitTest name=\"Test_" + i + "\" storage=\"/src/bin/tests.dll\" id=\"" + ids[i] + "\">"
                    + "<Execution id=\"" + new UUID(0x5678L, i) + "\"/>"
                    + "<TestMethod codeBase=\"/src/bin/tests.dll\" adapterTypeName=\"executor://mstestadapter/v2\""
                    + " className=\"Shipping.Delivery.Tests.Class" + (i % 50) + "\" name=\"Test_" + i
                    + "\"/></UnitTest>\n");
        }
        out.write("  </TestDefinitions>\n  <ResultSummary outcome=\"Failed\"><Counters total=\"" + results
                + "\"/></ResultSummary>\n</TestRun>\n");
    }
}
