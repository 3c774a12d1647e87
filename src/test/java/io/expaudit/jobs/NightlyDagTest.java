package io.expaudit.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Airflow DAG {@code jobs/expaudit_nightly.py}, checked with the machine's python3 (Airflow
 * itself is not installed): it compiles, and {@code check_dag.py} loads it under a stand-in for
 * Airflow's API, renders its templates with Jinja2 for one run date and maps every exit status of
 * a fake {@code jobs/expaudit-submit} to the task outcome (pass, fail, fail with retries).
 */
class NightlyDagTest {
  private static final String DAG = "jobs/expaudit_nightly.py";

  @TempDir Path work;

  private record Run(int exit, String output) {}

  private static Run python(String... args) throws Exception {
    Process p = new ProcessBuilder(List.of(args)).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
    return new Run(p.exitValue(), output);
  }

  @Test
  void theDagFileCompiles() throws Exception {
    Run run = python("python3", "-c",
        "import py_compile, sys; py_compile.compile(sys.argv[1], cfile=sys.argv[2], doraise=True)",
        DAG, work.resolve("dag.pyc").toString());
    assertThat(run.exit()).as(run.output()).isZero();
  }

  @Test
  void theDagRunsTheSnapshotThenTheAuditOfYesterdayAndFailsTheTaskOnExitOneOrAbove() throws Exception {
    Run run = python("python3", "src/test/resources/io/expaudit/jobs/check_dag.py", DAG, work.toString());
    assertThat(run.exit()).as(run.output()).isZero();
    assertThat(run.output()).containsPattern("(?m)^\\d{2,} passed, 0 failed$");
  }
}
