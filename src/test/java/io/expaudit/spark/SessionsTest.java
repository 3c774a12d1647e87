package io.expaudit.spark;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;

class SessionsTest {
  /**
   * spark-submit hands its --conf settings to the application as system properties; commands that
   * use Hadoop without a session (snapshot-flags, lint-config) must see the spark.hadoop.* ones.
   */
  @Test
  void theHadoopConfigurationCarriesSparkSubmitsSparkHadoopSettings() {
    System.setProperty("spark.hadoop.fs.s3a.endpoint.region", "eu-west-3");
    System.setProperty("spark.executor.memory", "8g");
    try {
      Configuration conf = Sessions.hadoopConfiguration();
      assertThat(conf.get("fs.s3a.endpoint.region")).isEqualTo("eu-west-3");
      assertThat(conf.get("spark.executor.memory")).isNull();
      assertThat(conf.get("executor.memory")).isNull();
    } finally {
      System.clearProperty("spark.hadoop.fs.s3a.endpoint.region");
      System.clearProperty("spark.executor.memory");
    }
  }
}
