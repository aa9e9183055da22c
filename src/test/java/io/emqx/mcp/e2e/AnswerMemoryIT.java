package io.emqx.mcp.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emqx.mcp.bench.AnswerMemoryBench;
import io.emqx.mcp.bench.AnswerMemoryBench.Answer;
import io.emqx.mcp.bench.AnswerMemoryBench.Result;
import io.emqx.mcp.bench.AnswerMemoryBench.Row;
import io.emqx.mcp.support.HostileEmqx.Mode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * The memory figure of AnswerMemoryBench, kept in the build in small: the built jar through {@code
 * bin/emqx-mcp-server} (its 256 MB heap), 20 calls at once against answers of a gibibyte and a gzip
 * bomb, then the next call; RSS from /proc stays under 300 MiB. One round per answer kind; {@link
 * AnswerMemoryBench} runs more and prints the table the README shows.
 */
@EnabledOnOs(OS.LINUX) // /proc/PID/status
class AnswerMemoryIT {

  @Test
  void twentyCallsAgainstGibibyteAnswers_leaveTheServerAnswering_underThreeHundredMebibytes()
      throws Exception {
    Result r =
        AnswerMemoryBench.run(
            Path.of("bin/emqx-mcp-server"),
            Path.of(JarStdioIT.JAR),
            null,
            20,
            1,
            List.of(
                new Answer("1 GiB chunked", Mode.CHUNKED, 1L << 30),
                new Answer("gzip bomb, 256 MiB inflated", Mode.GZIP_BOMB, 256L << 20)));
    for (Row row : r.rows()) {
      assertEquals(Map.of("EMQX_UNAVAILABLE", 20), row.outcomes(), row.toString());
      assertTrue(row.nextOk(), "the next call was not answered: " + row);
    }
    assertTrue(
        r.passed(), "RSS: VmHWM " + r.vmHwmKib() + " KiB, sampled " + r.maxSampledKib() + " KiB");
  }
}
