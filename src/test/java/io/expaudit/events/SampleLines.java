package io.expaudit.events;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/** Every non-blank line of the committed sample world's event files, in file order. */
final class SampleLines {
  private SampleLines() {}

  static List<String> all() throws IOException {
    List<String> lines = new ArrayList<>();
    List<Path> files;
    try (Stream<Path> walk = Files.walk(Path.of("sample-data/world/events"))) {
      files = walk.filter(Files::isRegularFile).sorted().toList();
    }
    for (Path file : files) {
      var in = Files.newInputStream(file);
      try (BufferedReader reader = new BufferedReader(new InputStreamReader(
          file.toString().endsWith(".gz") ? new GZIPInputStream(in) : in, StandardCharsets.UTF_8))) {
        reader.lines().filter(l -> !l.isBlank()).forEach(lines::add);
      } catch (IOException | UncheckedIOException e) {
        // the sample's deliberately truncated file: the lines before the cut were kept
      }
    }
    return lines;
  }
}
