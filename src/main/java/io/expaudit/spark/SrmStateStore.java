package io.expaudit.spark;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.expaudit.config.ConfigException;
import io.expaudit.stats.Look;
import io.expaudit.stats.SequentialState;
import io.expaudit.stats.SequentialStates;
import io.expaudit.stats.Stage;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The state folder of the sequential SRM test ({@code --state PATH}, any Hadoop filesystem): the
 * looks counted so far per flag version, so that the nightly job's sequential p-value covers every
 * night (health-checks §1.7).
 *
 * <p>Each write is a new generation, {@code srm-sequential-0000000042.json}: written under a hidden
 * temporary name, then renamed to the next free generation, so a reader sees a whole file or the
 * previous one, never half of one. A read takes the highest generation; the last
 * {@value #KEPT_GENERATIONS} are kept for inspection. One job writes a state folder at a time.
 *
 * <p>File format (keys are the contract):
 *
 * <pre>{"format": "expaudit-srm-sequential/1", "prior_concentration": 10000.0,
 *  "states": [{"flag_key": "checkout", "flag_version": 3,
 *              "looks": {"assigned": [{"id": "2026-11-16", "units": 10100,
 *                                      "log_bayes_factor": 0.42}]}}]}</pre>
 */
public final class SrmStateStore {
  static final String FORMAT = "expaudit-srm-sequential/1";
  static final int KEPT_GENERATIONS = 3;
  private static final Pattern GENERATION = Pattern.compile("srm-sequential-(\\d{10})\\.json");
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private static final String KEY_FORMAT = "format";
  private static final String KEY_CONCENTRATION = "prior_concentration";
  private static final String KEY_STATES = "states";
  private static final String KEY_FLAG = "flag_key";
  private static final String KEY_VERSION = "flag_version";
  private static final String KEY_LOOKS = "looks";
  private static final String KEY_ID = "id";
  private static final String KEY_UNITS = "units";
  private static final String KEY_LOG_BF = "log_bayes_factor";

  private SrmStateStore() {}

  /**
   * The newest state in {@code folder}; empty when the folder does not exist or holds none yet.
   *
   * @throws ConfigException when the newest file cannot be read as a state (naming it)
   */
  public static SequentialStates read(String folder, Configuration conf) throws IOException {
    Path dir = new Path(folder);
    FileSystem fs = dir.getFileSystem(conf);
    if (!fs.exists(dir)) {
      return SequentialStates.empty();
    }
    List<Path> generations = generations(fs, dir);
    if (generations.isEmpty()) {
      return SequentialStates.empty();
    }
    Path newest = generations.get(generations.size() - 1);
    JsonNode root;
    try (InputStream in = fs.open(newest)) {
      root = JSON.readTree(in);
    } catch (JsonProcessingException e) {
      throw new ConfigException(newest + ": not valid JSON: " + e.getOriginalMessage(), e);
    }
    try {
      return parse(root);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(newest + ": not an SRM state file: " + e.getMessage(), e);
    }
  }

  /** Writes {@code states} as the next generation in {@code folder} (created if needed). */
  public static void write(String folder, SequentialStates states, Configuration conf)
      throws IOException {
    Path dir = new Path(folder);
    FileSystem fs = dir.getFileSystem(conf);
    fs.setWriteChecksum(false); // no .crc side files on local disks
    fs.mkdirs(dir);
    List<Path> generations = generations(fs, dir);
    long next = generations.isEmpty() ? 1 : generation(generations.get(generations.size() - 1)) + 1;
    Path temporary = new Path(dir, ".srm-sequential-" + UUID.randomUUID() + ".tmp");
    try {
      try (OutputStream out = fs.create(temporary, false)) {
        out.write(render(states).getBytes(StandardCharsets.UTF_8));
      }
      Path target = new Path(dir, String.format(Locale.ROOT, "srm-sequential-%010d.json", next));
      // rename does not replace on HDFS and S3A but does on local disks: refuse explicitly
      if (fs.exists(target) || !fs.rename(temporary, target)) {
        throw new IOException("cannot rename " + temporary + " to " + target
            + " (is another run writing this state folder?)");
      }
    } finally {
      if (fs.exists(temporary)) {
        fs.delete(temporary, false);
      }
    }
    List<Path> all = generations(fs, dir);
    for (int i = 0; i < all.size() - KEPT_GENERATIONS; i++) {
      fs.delete(all.get(i), false);
    }
  }

  static String render(SequentialStates states) throws JsonProcessingException {
    ObjectNode root = JSON.createObjectNode();
    root.put(KEY_FORMAT, FORMAT);
    if (states.priorConcentration() == null) {
      root.putNull(KEY_CONCENTRATION);
    } else {
      root.put(KEY_CONCENTRATION, states.priorConcentration());
    }
    ArrayNode list = root.putArray(KEY_STATES);
    for (SequentialState state : states.states()) {
      ObjectNode node = list.addObject();
      node.put(KEY_FLAG, state.flagKey());
      node.put(KEY_VERSION, state.flagVersion());
      ObjectNode looks = node.putObject(KEY_LOOKS);
      state.looks().forEach((stage, stageLooks) -> {
        ArrayNode array = looks.putArray(stage.key());
        for (Look look : stageLooks) {
          array.addObject().put(KEY_ID, look.id()).put(KEY_UNITS, look.units())
              .put(KEY_LOG_BF, look.logBayesFactor());
        }
      });
    }
    return JSON.writeValueAsString(root) + "\n";
  }

  static SequentialStates parse(JsonNode root) {
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException("expected a JSON object");
    }
    if (!FORMAT.equals(root.path(KEY_FORMAT).asText(null))) {
      throw new IllegalArgumentException("'" + KEY_FORMAT + "' is not \"" + FORMAT + "\"");
    }
    JsonNode concentration = root.path(KEY_CONCENTRATION);
    JsonNode list = root.path(KEY_STATES);
    if (!list.isArray()) {
      throw new IllegalArgumentException("'" + KEY_STATES + "' must be an array");
    }
    List<SequentialState> states = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      JsonNode node = list.get(i);
      String where = KEY_STATES + "[" + i + "]";
      String flag = text(node, KEY_FLAG, where);
      long version = number(node, KEY_VERSION, where).asLong();
      JsonNode looks = node.path(KEY_LOOKS);
      if (!looks.isObject()) {
        throw new IllegalArgumentException(where + ": '" + KEY_LOOKS + "' must be an object");
      }
      Map<Stage, List<Look>> byStage = new EnumMap<>(Stage.class);
      for (Map.Entry<String, JsonNode> entry : looks.properties()) {
        Stage stage = stage(entry.getKey(), where);
        if (!entry.getValue().isArray()) {
          throw new IllegalArgumentException(where + ": looks of '" + entry.getKey()
              + "' must be an array");
        }
        List<Look> stageLooks = new ArrayList<>();
        for (JsonNode look : entry.getValue()) {
          String at = where + "." + entry.getKey();
          stageLooks.add(new Look(text(look, KEY_ID, at), number(look, KEY_UNITS, at).asLong(),
              number(look, KEY_LOG_BF, at).asDouble()));
        }
        byStage.put(stage, stageLooks);
      }
      states.add(new SequentialState(flag, version, byStage));
    }
    return new SequentialStates(concentration.isNumber() ? concentration.asDouble() : null, states);
  }

  private static Stage stage(String key, String where) {
    for (Stage stage : Stage.values()) {
      if (stage.key().equals(key)) {
        return stage;
      }
    }
    throw new IllegalArgumentException(where + ": unknown stage '" + key + "'");
  }

  private static String text(JsonNode node, String key, String where) {
    JsonNode value = node.path(key);
    if (!value.isTextual()) {
      throw new IllegalArgumentException(where + ": '" + key + "' must be a string");
    }
    return value.asText();
  }

  private static JsonNode number(JsonNode node, String key, String where) {
    JsonNode value = node.path(key);
    if (!value.isNumber()) {
      throw new IllegalArgumentException(where + ": '" + key + "' must be a number");
    }
    return value;
  }

  /** The generation files of a folder, oldest first. */
  private static List<Path> generations(FileSystem fs, Path dir) throws IOException {
    List<Path> files = new ArrayList<>();
    for (FileStatus status : fs.listStatus(dir)) {
      if (status.isFile() && GENERATION.matcher(status.getPath().getName()).matches()) {
        files.add(status.getPath());
      }
    }
    files.sort((a, b) -> Long.compare(generation(a), generation(b)));
    return files;
  }

  private static long generation(Path file) {
    Matcher m = GENERATION.matcher(file.getName());
    if (!m.matches()) {
      throw new IllegalStateException("not a generation file: " + file);
    }
    return Long.parseLong(m.group(1));
  }
}
