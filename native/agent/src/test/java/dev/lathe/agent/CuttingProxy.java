package dev.lathe.agent;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP forwarder on loopback between a workbench and an agent that cuts each connection (a reset, both ways) once
 * it has carried {@code budget} bytes towards the agent, like a link that keeps dropping. While {@link #refuse} is
 * set it drops every new connection at once, like a link that is down.
 */
final class CuttingProxy implements AutoCloseable {
    private final ServerSocket server;
    private final int agentPort;
    private final long budget;
    private final List<Long> carried = new CopyOnWriteArrayList<>();
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    volatile boolean refuse;

    CuttingProxy(int agentPort, long budget) throws IOException {
        this.agentPort = agentPort;
        this.budget = budget;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread accept = new Thread(this::acceptLoop, "proxy-accept");
        accept.setDaemon(true);
        accept.start();
    }

    int port() {
        return server.getLocalPort();
    }

    /** Bytes each connection so far carried towards the agent, in the order they were opened. */
    List<Long> carriedPerConnection() {
        return List.copyOf(carried);
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket workbench = server.accept();
                if (refuse) {
                    reset(workbench);
                    continue;
                }
                Socket agent = new Socket(InetAddress.getLoopbackAddress(), agentPort);
                open.add(workbench);
                open.add(agent);
                int index = carried.size();
                carried.add(0L);
                AtomicLong up = new AtomicLong();
                pump(workbench, agent, budget, up, () -> carried.set(index, up.get()));
                pump(agent, workbench, Long.MAX_VALUE, new AtomicLong(), () -> { });
            } catch (IOException e) {
                if (!server.isClosed()) {
                    throw new IllegalStateException(e);
                }
            }
        }
    }

    /** Copies {@code from} to {@code to} until {@code limit} bytes went through, then resets both sockets. */
    private void pump(Socket from, Socket to, long limit, AtomicLong count, Runnable counted) {
        Thread t = new Thread(() -> {
            byte[] buffer = new byte[8192];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while (count.get() < limit && (n = in.read(buffer, 0, (int) Math.min(buffer.length,
                        limit - count.get()))) > 0) {
                    out.write(buffer, 0, n);
                    count.addAndGet(n);
                    counted.run();
                }
            } catch (IOException e) {
                // the other direction cut it
            } finally {
                reset(from);
                reset(to);
            }
        }, "proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    private static void reset(Socket socket) {
        try {
            socket.setSoLinger(true, 0);
            socket.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        open.forEach(CuttingProxy::reset);
    }
}
