package io.expaudit.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InputsTest {
  @TempDir Path dir;

  @Test
  void listsFilesRecursivelyInOrderLeavingOutHiddenFilesAndFolders() throws Exception {
    for (String f : List.of("2026-11-17/b.json.gz", "2026-11-16/a.json.gz", "2026-11-16/_SUCCESS",
        "2026-11-16/.a.json.gz.crc", "_temporary/0/part.json", ".staging/c.json", "top.json")) {
      Path p = dir.resolve(f);
      Files.createDirectories(p.getParent());
      Files.writeString(p, "{}");
    }

    List<String> files = Inputs.files(dir.toString(), new Configuration(), "events");

    assertThat(files).extracting(f -> f.substring(f.indexOf(dir.getFileName().toString())
        + dir.getFileName().toString().length() + 1))
        .containsExactly("2026-11-16/a.json.gz", "2026-11-17/b.json.gz", "top.json");
  }
}
