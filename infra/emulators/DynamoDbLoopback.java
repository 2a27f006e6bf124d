// Starts DynamoDB Local (software.amazon.dynamodb:DynamoDBLocal 3.x) listening on 127.0.0.1 only.
//
// DynamoDB Local has no bind-address option: its Jetty server listens on every interface. This wrapper
// builds the server exactly as the vendor CLI does (ServerRunner.createServerFromCommandLineArgs), sets
// the host of every Jetty ServerConnector before start(), then checks that the connectors really are on
// the loopback address. It fails closed (exit 2, nothing started) if DynamoDB Local's internals changed.
//
// Usage (the DynamoDB Local classpath must be on -cp, see infra/scripts/emulators.sh):
//   java -Djava.library.path=$D -cp "$D/*:<classes>" DynamoDbLoopback -inMemory -sharedDb -port 18000 -disableTelemetry
// The bind address can be changed with -Drouen.ddb.bindHost=... (default 127.0.0.1).
//
// Going through createServerFromCommandLineArgs instead of ServerRunner.main also skips the telemetry
// set-up that main does (Telemetry.configureTelemetry), so nothing is sent even without -disableTelemetry.

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

public final class DynamoDbLoopback {
    private static final String RUNNER = "software.amazon.dynamodb.services.local.main.ServerRunner";
    private static final String PROXY = "software.amazon.dynamodb.services.local.server.DynamoDBProxyServer";
    private static final String FIELD = "server";

    private DynamoDbLoopback() {}

    public static void main(String[] args) throws Exception {
        String host = System.getProperty("rouen.ddb.bindHost", "127.0.0.1");

        Object proxy;
        Server server;
        try {
            Class<?> runner = Class.forName(RUNNER);
            Method create = runner.getMethod("createServerFromCommandLineArgs", String[].class);
            proxy = create.invoke(null, (Object) args);
            if (proxy == null) {
                throw new IllegalStateException(RUNNER + ".createServerFromCommandLineArgs returned null (bad arguments?)");
            }
            Class<?> proxyClass = Class.forName(PROXY);
            if (!proxyClass.isInstance(proxy)) {
                throw new IllegalStateException("createServerFromCommandLineArgs returned " + proxy.getClass().getName()
                        + ", expected " + PROXY);
            }
            Field field = proxyClass.getDeclaredField(FIELD);
            field.setAccessible(true);
            Object value = field.get(proxy);
            if (!(value instanceof Server)) {
                throw new IllegalStateException(PROXY + "." + FIELD + " is "
                        + (value == null ? "null" : value.getClass().getName()) + ", expected " + Server.class.getName());
            }
            server = (Server) value;
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            failClosed("cannot reach the Jetty server inside DynamoDB Local", e);
            return;
        }

        Connector[] connectors = server.getConnectors();
        int bound = 0;
        for (Connector connector : connectors) {
            if (connector instanceof ServerConnector) {
                ((ServerConnector) connector).setHost(host);
                bound++;
            } else {
                failClosed("unexpected Jetty connector " + connector.getClass().getName()
                        + " (not a ServerConnector): cannot restrict it to " + host, null);
                return;
            }
        }
        if (bound == 0) {
            failClosed("DynamoDB Local's Jetty server has no ServerConnector to restrict to " + host, null);
            return;
        }

        Method start;
        Method join;
        try {
            start = proxy.getClass().getMethod("start");
            join = proxy.getClass().getMethod("join");
        } catch (NoSuchMethodException e) {
            failClosed("DynamoDBProxyServer has no start()/join()", e);
            return;
        }
        start.invoke(proxy);

        for (Connector connector : server.getConnectors()) {
            ServerConnector sc = (ServerConnector) connector;
            if (!host.equals(sc.getHost()) || sc.getLocalPort() <= 0) {
                System.err.println("DynamoDbLoopback: connector is on " + sc.getHost() + ":" + sc.getLocalPort()
                        + " after start, expected " + host + "; stopping");
                server.stop();
                System.exit(2);
            }
            System.err.println("DynamoDbLoopback: DynamoDB Local listening on " + sc.getHost() + ":" + sc.getLocalPort());
        }
        join.invoke(proxy);
    }

    private static void failClosed(String what, Throwable cause) {
        System.err.println("DynamoDbLoopback: " + what + ". DynamoDB Local's internals ("
                + RUNNER + ".createServerFromCommandLineArgs, private field " + PROXY + "." + FIELD
                + " holding an org.eclipse.jetty.server.Server with ServerConnectors) have changed; "
                + "refusing to start it on all interfaces. Update infra/emulators/DynamoDbLoopback.java.");
        if (cause != null) {
            Throwable root = cause;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            System.err.println("DynamoDbLoopback: cause: " + root);
        }
        System.exit(2);
    }
}
