package io.expaudit.spark;

import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import scala.Tuple2;

/**
 * Creates the session: the cluster's master under {@code spark-submit}, else embedded
 * {@code local[*]} with the UI off and Spark's own logging at WARN. Also the Hadoop configuration
 * for commands that touch files without a session.
 */
public final class Sessions {
  private static final String SPARK_HADOOP = "spark.hadoop.";

  private Sessions() {}

  /**
   * A Hadoop configuration with the {@code spark.hadoop.*} settings spark-submit was given
   * ({@code --conf}, {@code spark-defaults.conf}; it passes them on as system properties), as a
   * session's would have. For work done without a session (snapshot-flags, lint-config, reading
   * {@code audit --conf}), so that the s3a endpoint and credentials provider set for the job, e.g.
   * by jobs/expaudit-submit, reach it too.
   */
  public static Configuration hadoopConfiguration() {
    Configuration conf = new Configuration();
    for (Tuple2<String, String> setting : new SparkConf(true).getAll()) {
      if (setting._1().startsWith(SPARK_HADOOP)) {
        conf.set(setting._1().substring(SPARK_HADOOP.length()), setting._2());
      }
    }
    return conf;
  }

  public static SparkSession getOrCreate(String appName) {
    SparkConf conf = new SparkConf(true);
    SparkSession.Builder builder = SparkSession.builder().appName(appName)
        .config("spark.sql.debug.maxToStringFields", "1000");
    if (!conf.contains("spark.master")) {
      builder
          .master("local[*]")
          .config("spark.ui.enabled", "false")
          .config("spark.sql.shuffle.partitions", "8")
          .config("spark.driver.host", "127.0.0.1")
          .config("spark.sql.session.timeZone", "UTC")
          // Spark 4.2's heartbeater can die on a half-deserialized accumulator (a race, see
          // apache/spark#58785) when the machine is busy; the driver then drops its only
          // executor after the network timeout. In local mode heartbeats only carry metrics,
          // so they are made rare enough for the race not to matter.
          .config("spark.executor.heartbeatInterval", "600s")
          .config("spark.network.timeout", "1800s");
    }
    SparkSession session = builder.getOrCreate();
    session.sparkContext().setLogLevel("WARN");
    return session;
  }
}
