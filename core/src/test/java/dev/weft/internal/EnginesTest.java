// SPDX-License-Identifier: Apache-2.0
package dev.weft.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Engine choice where sts cannot run (issue 15): a JDK 26 or 27 user gets the threads engine,
 * silently, unless sts was asked for (-Dweft.engine=sts, or --enable-preview on JDK 25+), which
 * is said once, at INFO. The JDK and the JVM's flags are parameters of {@code choose}, so every
 * case runs here on the build's JDK 25 (or 21).
 */
class EnginesTest {

    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger(Engines.class);

    @BeforeEach
    void attach() {
        appender.start();
        logger.addAppender(appender);
        logger.setLevel(Level.INFO); // logback-test.xml sets the root to WARN
        logger.setAdditive(false); // captured here, not printed
    }

    @AfterEach
    void detach() {
        logger.detachAppender(appender);
        logger.setLevel(null);
        logger.setAdditive(true);
    }

    private static Runtime.Version jdk(String version) {
        return Runtime.Version.parse(version);
    }

    private List<ILoggingEvent> events() {
        return appender.list;
    }

    private static final Launcher.Engine FAKE_STS = new Launcher.Engine() {
        @Override
        public String name() {
            return "sts";
        }

        @Override
        public Launcher open(Group group) {
            throw new UnsupportedOperationException();
        }
    };

    private static Callable<Launcher.Engine> notLoaded() {
        return () -> fail("the sts engine must not be loaded on this JDK");
    }

    private static BooleanSupplier notAsked() {
        return () -> fail("the JVM's flags must not be read here");
    }

    private static Callable<Launcher.Engine> refusedAsPreview() {
        return () -> {
            throw new UnsupportedClassVersionError(
                    "Preview features are not enabled for dev/weft/internal/sts/StsEngine");
        };
    }

    // ---- a JDK newer than the one sts is compiled for (26, 27) ----

    @Test
    void forcedSts_onJdk26_usesThreads_andSaysSoOnceAtInfo() {
        Launcher.Engine e = Engines.choose("sts", jdk("26.0.1"), notLoaded(), () -> false);
        assertThat(e.name()).isEqualTo("threads");
        assertThat(events()).singleElement().satisfies(ev -> {
            assertThat(ev.getLevel()).isEqualTo(Level.INFO);
            assertThat(ev.getFormattedMessage())
                    .contains("-Dweft.engine=sts")
                    .contains("cannot run on JDK 26.0.1")
                    .contains("compiled for JDK 25 with preview features")
                    .contains("using the threads engine");
        });
    }

    @Test
    void enablePreview_onJdk27_usesThreads_andSaysSoOnceAtInfo() {
        Launcher.Engine e = Engines.choose(null, jdk("27"), notLoaded(), () -> true);
        assertThat(e.name()).isEqualTo("threads");
        assertThat(events()).singleElement().satisfies(ev -> {
            assertThat(ev.getLevel()).isEqualTo(Level.INFO);
            assertThat(ev.getFormattedMessage()).startsWith("--enable-preview asks for the sts engine");
        });
    }

    @Test
    void noRequest_onJdk26_usesThreadsSilently() {
        assertThat(Engines.choose(null, jdk("26"), notLoaded(), () -> false).name())
                .isEqualTo("threads");
        assertThat(events()).isEmpty();
    }

    // ---- older JDKs (21 to 24): --enable-preview there is for other previews ----

    @Test
    void enablePreview_onJdk21_usesThreadsSilently_withoutReadingTheFlags() {
        assertThat(Engines.choose(null, jdk("21"), notLoaded(), notAsked()).name())
                .isEqualTo("threads");
        assertThat(events()).isEmpty();
    }

    @Test
    void forcedSts_onJdk21_saysSoOnceAtInfo() {
        assertThat(Engines.choose(" sts ", jdk("21"), notLoaded(), notAsked()).name())
                .isEqualTo("threads");
        assertThat(events()).singleElement().extracting(ILoggingEvent::getLevel).isEqualTo(Level.INFO);
    }

    // ---- JDK 25 ----

    @Test
    void jdk25_withoutPreview_usesThreadsSilently_withoutReadingTheFlags() {
        assertThat(Engines.choose(null, jdk("25"), refusedAsPreview(), notAsked())
                        .name())
                .isEqualTo("threads");
        assertThat(events()).isEmpty();
    }

    @Test
    void forcedSts_onJdk25WithoutPreview_saysPreviewIsNeeded() {
        assertThat(Engines.choose("sts", jdk("25"), refusedAsPreview(), notAsked())
                        .name())
                .isEqualTo("threads");
        assertThat(events()).singleElement().satisfies(ev -> {
            assertThat(ev.getLevel()).isEqualTo(Level.INFO);
            assertThat(ev.getFormattedMessage()).contains("runs it only with --enable-preview");
        });
    }

    @Test
    void jarBuiltWithoutSts_onJdk25WithPreview_saysSoOnceAtInfo() {
        Callable<Launcher.Engine> missing = () -> {
            throw new ClassNotFoundException("dev.weft.internal.sts.StsEngine");
        };
        assertThat(Engines.choose(null, jdk("25"), missing, () -> true).name()).isEqualTo("threads");
        assertThat(events()).singleElement().satisfies(ev -> {
            assertThat(ev.getLevel()).isEqualTo(Level.INFO);
            assertThat(ev.getFormattedMessage()).contains("built without it");
        });
    }

    @Test
    void stsThatLoads_isUsed_silently() {
        assertThat(Engines.choose(null, jdk("25"), () -> FAKE_STS, notAsked())).isSameAs(FAKE_STS);
        assertThat(Engines.choose("sts", jdk("25"), () -> FAKE_STS, notAsked())).isSameAs(FAKE_STS);
        assertThat(events()).isEmpty();
    }

    @Test
    void threadsRequested_isUsed_withoutLoadingSts() {
        assertThat(Engines.choose("threads", jdk("25"), notLoaded(), notAsked()).name())
                .isEqualTo("threads");
        assertThat(events()).isEmpty();
    }

    @Test
    void unknownEngine_warns() {
        assertThat(Engines.choose("fibers", jdk("25"), notLoaded(), notAsked()).name())
                .isEqualTo("threads");
        assertThat(events()).singleElement().extracting(ILoggingEvent::getLevel).isEqualTo(Level.WARN);
    }

    // ---- the real flags and the real engine of this JVM ----

    @Test
    void previewEnabled_readsThisJvmsFlags() {
        boolean expected =
                ManagementFactory.getRuntimeMXBean().getInputArguments().contains("--enable-preview");
        assertThat(Engines.previewEnabled()).isEqualTo(expected);
    }

    @Test
    void current_isChosenOnce() {
        assertThat(Engines.current()).isSameAs(Engines.current());
    }
}
