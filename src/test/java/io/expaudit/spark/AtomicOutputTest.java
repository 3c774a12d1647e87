package io.expaudit.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicOutputTest {
  @TempDir Path dir;

  @Test
  void anAbortedRunLeavesThePreviousResultIntact() throws Exception {
    Path out = dir.resolve("out");
    AtomicOutput first = AtomicOutput.begin(out.toString(), new Configuration());
    first.writeText("summary.json", "first");
    first.commit();
    AtomicOutput second = AtomicOutput.begin(out.toString(), new Configuration());
    second.writeText("summary.json", "second, half written");
    assertThat(Files.readString(out.resolve("summary.json"))).isEqualTo("first");
    second.abort();
    assertThat(Files.readString(out.resolve("summary.json"))).isEqualTo("first");
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("out");
    }
  }

  @Test
  void aCommitReplacesTheWholeFolder() throws Exception {
    Path out = dir.resolve("out");
    AtomicOutput first = AtomicOutput.begin(out.toString(), new Configuration());
    first.writeText("stale.txt", "from the first run");
    first.commit();
    AtomicOutput second = AtomicOutput.begin(out.toString(), new Configuration());
    second.writeText("summary.json", "second");
    second.commit();
    assertThat(out.resolve("stale.txt")).doesNotExist();
    assertThat(Files.readString(out.resolve("summary.json"))).isEqualTo("second");
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("out");
    }
  }
}
