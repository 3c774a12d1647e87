package io.expaudit.spark;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * An output folder that appears whole or not at all: everything is written under a hidden sibling
 * {@code .<name>.tmp-<uuid>}, and {@link #commit} swaps it in with renames. A run killed before
 * then leaves the previous result intact (and a temporary folder, named as such).
 */
public final class AtomicOutput {
  private final FileSystem fs;
  private final Path target;
  private final Path temporary;

  private AtomicOutput(FileSystem fs, Path target, Path temporary) {
    this.fs = fs;
    this.target = target;
    this.temporary = temporary;
  }

  public static AtomicOutput begin(String out, Configuration conf) throws IOException {
    Path target = new Path(out);
    FileSystem fs = target.getFileSystem(conf);
    fs.setWriteChecksum(false); // no .crc side files next to summary.json on local disks
    target = fs.makeQualified(target);
    Path temporary = new Path(target.getParent(), "." + target.getName() + ".tmp-" + UUID.randomUUID());
    fs.mkdirs(temporary);
    return new AtomicOutput(fs, target, temporary);
  }

  /** Where to write a part of the output, e.g. {@code findings}. */
  public String path(String child) {
    return new Path(temporary, child).toString();
  }

  public void writeText(String child, String text) throws IOException {
    try (OutputStream out = fs.create(new Path(temporary, child), true)) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
  }

  /** Replaces the target with what was written. */
  public void commit() throws IOException {
    Path old = null;
    if (fs.exists(target)) {
      old = new Path(target.getParent(), "." + target.getName() + ".old-" + UUID.randomUUID());
      if (!fs.rename(target, old)) {
        throw new IOException("cannot move the previous output " + target + " aside");
      }
    }
    if (!fs.rename(temporary, target)) {
      if (old != null) {
        fs.rename(old, target);
      }
      throw new IOException("cannot rename " + temporary + " to " + target);
    }
    if (old != null) {
      fs.delete(old, true);
    }
  }

  /** Deletes what was written; the target is untouched. */
  public void abort() {
    try {
      fs.delete(temporary, true);
    } catch (IOException e) {
      // best effort: the folder is hidden and named as temporary
    }
  }
}
