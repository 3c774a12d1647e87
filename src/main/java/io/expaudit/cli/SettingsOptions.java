package io.expaudit.cli;

import io.expaudit.config.Settings;
import io.expaudit.spark.Inputs;
import io.expaudit.spark.Sessions;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * {@code --conf FILE} and {@code --set KEY=VALUE}, shared by the commands that read
 * {@code conf/expaudit.properties}: the bundled defaults, then the file, then each override.
 */
final class SettingsOptions {
  @Option(names = "--conf", paramLabel = "FILE",
      description = "Settings file (Java properties) over the defaults of conf/expaudit.properties;"
          + " it needs only the keys it changes. A local path or any Hadoop filesystem path.")
  String conf;

  @Option(names = "--set", paramLabel = "KEY=VALUE",
      description = "One setting over --conf (repeatable), e.g. --set unit.precedence=user_id,device_id.")
  List<String> sets = new ArrayList<>();

  /**
   * The settings these options name.
   *
   * @throws io.expaudit.config.ConfigException for an unreadable file, unknown key or bad value
   */
  Settings settings() {
    Settings settings = Settings.defaults();
    if (conf != null) {
      settings = settings.withFile(
          Inputs.readText(conf, Sessions.hadoopConfiguration()), conf);
    }
    for (String set : sets) {
      settings = settings.with(set);
    }
    return settings;
  }
}
