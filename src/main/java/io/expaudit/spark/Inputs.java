package io.expaudit.spark;

import io.expaudit.config.ConfigException;
import io.expaudit.config.FlagHistory;
import io.expaudit.config.Snapshot;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;

/** Lists and reads input files on any Hadoop filesystem (local, {@code s3a://}, {@code hdfs://}). */
public final class Inputs {
  private Inputs() {}

  /**
   * The data files under {@code path} (the file itself, or every file below a folder, recursively),
   * sorted, skipping hidden and marker files ({@code .x}, {@code _SUCCESS}).
   *
   * @throws ConfigException when the path does not exist or holds no files
   */
  public static List<String> files(String path, Configuration conf, String what) {
    try {
      Path root = new Path(path);
      FileSystem fs = root.getFileSystem(conf);
      if (!fs.exists(root)) {
        throw new ConfigException(what + " path does not exist: " + path);
      }
      List<String> files = new ArrayList<>();
      FileStatus status = fs.getFileStatus(root);
      if (status.isFile()) {
        files.add(status.getPath().toString());
      } else {
        if (fs instanceof LocalFileSystem) {
          collectFiles(fs, root, files);
        } else { // one flat, paginated listing on object stores, not one request per folder
          RemoteIterator<LocatedFileStatus> it = fs.listFiles(root, true);
          while (it.hasNext()) {
            Path f = it.next().getPath();
            if (!hidden(root, f)) {
              files.add(f.toString());
            }
          }
        }
      }
      files.sort(Comparator.naturalOrder());
      if (files.isEmpty()) {
        throw new ConfigException(what + " path holds no files: " + path);
      }
      return files;
    } catch (IOException e) {
      throw new ConfigException("cannot list " + what + " path " + path + ": " + e.getMessage(), e);
    }
  }

  /**
   * The files under {@code dir}, recursively, hidden ones ({@code .x}, {@code _x}, or in a hidden
   * folder) left out. By {@code listStatus} rather than {@code listFiles}: on the local filesystem
   * the latter's located statuses read each file's permissions by starting a process per file
   * (2 s for 168 files).
   */
  private static void collectFiles(FileSystem fs, Path dir, List<String> files) throws IOException {
    for (FileStatus f : fs.listStatus(dir)) {
      String name = f.getPath().getName();
      if (name.startsWith(".") || name.startsWith("_")) {
        continue;
      }
      if (f.isDirectory()) {
        collectFiles(fs, f.getPath(), files);
      } else {
        files.add(f.getPath().toString());
      }
    }
  }

  /** Whether {@code file} or a folder between it and {@code root} is hidden (Spark's rule). */
  private static boolean hidden(Path root, Path file) {
    String top = root.toUri().getPath();
    for (Path p = file; p != null && !p.toUri().getPath().equals(top); p = p.getParent()) {
      if (p.getName().startsWith(".") || p.getName().startsWith("_")) {
        return true;
      }
    }
    return false;
  }

  /** Reads every snapshot under {@code path} into a history. */
  public static FlagHistory flagHistory(String path, Configuration conf) {
    List<Snapshot> snapshots = new ArrayList<>();
    for (String file : files(path, conf, "flags")) {
      snapshots.add(Snapshot.parse(readText(file, conf), file));
    }
    return FlagHistory.of(snapshots);
  }

  /**
   * Cohort membership from {@code cohort_id,user_id} files (a header line is skipped): user id to
   * the cohort ids it belongs to, for {@code context.user.cohort_ids} (spec §5.3).
   *
   * @throws ConfigException naming the file and line of a row that is not two fields
   */
  public static java.util.Map<String, List<String>> cohorts(String path, Configuration conf) {
    java.util.Map<String, List<String>> byUser = new java.util.HashMap<>();
    for (String file : files(path, conf, "cohorts")) {
      String[] lines = readText(file, conf).split("\r?\n");
      for (int i = 0; i < lines.length; i++) {
        String line = lines[i].trim();
        if (line.isEmpty() || (i == 0 && line.replace(" ", "").equalsIgnoreCase("cohort_id,user_id"))) {
          continue;
        }
        String[] fields = line.split(",", -1);
        if (fields.length != 2 || fields[0].isBlank() || fields[1].isBlank()) {
          throw new ConfigException(file + ":" + (i + 1) + ": expected cohort_id,user_id, got '" + line + "'");
        }
        byUser.computeIfAbsent(fields[1].trim(), k -> new ArrayList<>()).add(fields[0].trim());
      }
    }
    return byUser;
  }

  public static String readText(String file, Configuration conf) {
    Path p = new Path(file);
    try (InputStream in = p.getFileSystem(conf).open(p)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ConfigException(file + ": cannot read: " + e.getMessage(), e);
    }
  }
}
