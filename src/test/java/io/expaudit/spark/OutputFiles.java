package io.expaudit.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Reads what the audit wrote: JSON lines from one file or from every {@code .json} part of a folder. */
final class OutputFiles {
  private static final ObjectMapper JSON = new ObjectMapper();

  private OutputFiles() {}

  static List<JsonNode> jsonLines(Path path) throws IOException {
    List<Path> files;
    if (Files.isDirectory(path)) {
      try (Stream<Path> s = Files.list(path)) {
        files = s.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList();
      }
    } else {
      files = List.of(path);
    }
    List<JsonNode> rows = new ArrayList<>();
    for (Path f : files) {
      for (String line : Files.readAllLines(f)) {
        if (!line.isBlank()) {
          rows.add(JSON.readTree(line));
        }
      }
    }
    return rows;
  }
}
