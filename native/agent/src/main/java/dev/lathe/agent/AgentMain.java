package dev.lathe.agent;

import dev.lathe.engine.device.LocalDevice;
import dev.lathe.engine.model.torchscript.PyTorchEngine;
import dev.lathe.engine.model.torchscript.TorchScriptSession;
import dev.lathe.engine.runtime.Runtimes;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Starts the Lathe agent on a board: makes its TLS identity and pairing token on first start, prints the token and
 * the certificate fingerprint (the only lines on stdout besides the address it listens on), then serves the device
 * protocol until stopped.
 */
@Command(name = "lathe-agent", mixinStandardHelpOptions = true, versionProvider = AgentMain.Version.class,
        description = "Serves the Lathe device protocol so a workbench can benchmark and evaluate models on this board.")
public final class AgentMain implements Callable<Integer> {
    @Option(names = "--port", defaultValue = "7443", description = "TCP port (0: any free port). Default: ${DEFAULT-VALUE}")
    int port;

    @Option(names = "--bind", defaultValue = "127.0.0.1",
            description = "Address to listen on; 0.0.0.0 for every network interface. Default: ${DEFAULT-VALUE}")
    String bind;

    @Option(names = "--data-dir", description = "Key, pairing, uploaded files and log. Default: ~/.local/share/lathe-agent")
    Path dataDir = Path.of(System.getProperty("user.home"), ".local", "share", "lathe-agent");

    @Option(names = "--cache-dir", paramLabel = "DIR", description = "Where the runtimes' native libraries are unpacked "
            + "(ONNX Runtime, and PyTorch's ~430 MB on first use). Default: the data folder's cache/")
    Path cacheDir;

    @Option(names = "--max-upload-mb", defaultValue = "1024", description = "Largest file (model or dataset file) accepted. Default: ${DEFAULT-VALUE}")
    long maxUploadMb;

    @Option(names = "--announce", negatable = true,
            description = "Announce this agent on the local network (mDNS, _lathe._tcp) so workbenches list it. "
                    + "Default: on when --bind is not a loopback address.")
    Boolean announce;

    @Option(names = "--exit-with-stdin",
            description = "Stop when standard input closes: for a workbench that starts the agent as its child, so the "
                    + "agent never outlives it, even when the workbench is killed.")
    boolean exitWithStdin;

    private final PrintStream out;

    AgentMain(PrintStream out) {
        this.out = out;
    }

    public static void main(String[] args) {
        CommandLine cli = new CommandLine(new AgentMain(System.out));
        cli.setExecutionExceptionHandler((e, command, parsed) -> {
            command.getErr().println("lathe-agent: " + reason(e));
            return 1;
        });
        System.exit(cli.execute(args));
    }

    /** One line for the terminal: the failure and its cause, like "Failed to bind ...: Address already in use". */
    private static String reason(Exception e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        Throwable cause = e.getCause();
        return cause == null || cause.getMessage() == null || message.contains(cause.getMessage()) ? message
                : message + ": " + cause.getMessage();
    }

    @Override
    public Integer call() throws IOException, GeneralSecurityException, InterruptedException {
        if (maxUploadMb < 1) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--max-upload-mb must be 1 or more");
        }
        PrivateFiles.createFolder(dataDir);
        System.setProperty("lathe.agent.log", dataDir.resolve("lathe-agent.log").toString());
        // Named apart from the workbench's logback.xml: a workbench runs this agent from its own class path.
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "lathe-agent-logback.xml");
        }
        Logger log = LoggerFactory.getLogger(AgentMain.class);
        AgentIdentity identity = AgentIdentity.loadOrCreate(dataDir);
        PairingStore pairing = PairingStore.open(dataDir);
        BlobStore blobs = new BlobStore(dataDir.resolve("blobs"), maxUploadMb << 20);
        Path cache = cacheDir != null ? cacheDir : dataDir.resolve("cache");
        PyTorchEngine pytorch = new PyTorchEngine(cache.resolve("djl"));
        Runtimes runtimes = new Runtimes(cache, (file, shape, options) -> new TorchScriptSession(pytorch, file, shape));
        InetSocketAddress address = new InetSocketAddress(InetAddress.getByName(bind), port);
        AgentServer server = AgentServer.start(address, identity, pairing, blobs,
                new ModelFolders(dataDir.resolve("models"), blobs), new DatasetFolders(dataDir.resolve("datasets"), blobs),
                new LocalDevice(runtimes), runtimes);
        InetAddress bound = address.getAddress();
        Announcer announcer = Boolean.TRUE.equals(announce) || (announce == null && !bound.isLoopbackAddress())
                ? Announcer.start(Announcer.addresses(bound), server.port(), identity.fingerprint(), version())
                : new Announcer();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            announcer.close();
            try {
                server.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "lathe-agent-shutdown"));
        out.println("pairing token: " + pairing.token() + "  certificate sha256: " + identity.fingerprint());
        out.println("listening on " + address.getAddress().getHostAddress() + ":" + server.port());
        out.flush();
        if (exitWithStdin) {
            StdinWatch.exitWhenClosed(System.in, log);
        }
        log.info("Lathe agent {} listening on {}:{}, data in {}", version(), bind, server.port(), dataDir);
        server.awaitTermination();
        return 0;
    }

    static String version() {
        try (InputStream in = AgentMain.class.getResourceAsStream("/lathe-agent.properties")) {
            Properties p = new Properties();
            if (in != null) {
                p.load(in);
            }
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** picocli's --version. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"lathe-agent " + version()};
        }
    }
}
