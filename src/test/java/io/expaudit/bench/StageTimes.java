package io.expaudit.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.executor.TaskMetrics;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerStageCompleted;
import org.apache.spark.scheduler.StageInfo;

/**
 * Where a benchmarked run's time went, stage by stage (wall, executor CPU, GC, shuffle, spill),
 * from Spark's listener bus: printed after each audit so a change can be judged by its stages.
 */
final class StageTimes extends SparkListener {
  private final List<String> lines = new ArrayList<>();

  @Override
  public synchronized void onStageCompleted(SparkListenerStageCompleted done) {
    StageInfo s = done.stageInfo();
    TaskMetrics m = s.taskMetrics();
    long wall = s.completionTime().isDefined() && s.submissionTime().isDefined()
        ? (Long) s.completionTime().get() - (Long) s.submissionTime().get() : -1;
    String name = s.name().length() > 60 ? s.name().substring(0, 60) : s.name();
    lines.add(String.format(Locale.ROOT,
        "  stage %3d %-60s tasks %4d wall %7.1fs run %7.1fs cpu %7.1fs gc %6.1fs shuffle w %,8d MB r %,8d MB spill %,8d MB",
        s.stageId(), name, s.numTasks(), wall / 1e3, m.executorRunTime() / 1e3,
        m.executorCpuTime() / 1e9, m.jvmGCTime() / 1e3,
        m.shuffleWriteMetrics().bytesWritten() >> 20, m.shuffleReadMetrics().totalBytesRead() >> 20,
        m.diskBytesSpilled() >> 20));
  }

  synchronized List<String> drain() {
    List<String> copy = new ArrayList<>(lines);
    lines.clear();
    return copy;
  }
}
