package io.emqx.mcp.support;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * A broker that speaks only MQTT 3.1.1, as older brokers and some cloud endpoints do: an MQTT 5
 * CONNECT gets a 3.1.1 CONNACK "unacceptable protocol version" (return code 1) and the connection
 * is closed; anything else is passed through to a real broker. Built in front of {@link
 * TestBroker}.
 */
public final class Mqtt311OnlyBroker implements AutoCloseable {

  private final ServerSocket server;
  private final int upstreamPort;

  public Mqtt311OnlyBroker(int upstreamPort) throws IOException {
    this.upstreamPort = upstreamPort;
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Accepting.start(server, "mqtt311-proxy", this::serve);
  }

  public String url() {
    return "tcp://127.0.0.1:" + server.getLocalPort();
  }

  private void serve(Socket client) {
    try (client) {
      DataInputStream in = new DataInputStream(client.getInputStream());
      byte[] connect = readPacket(in);
      // CONNECT variable header: protocol name (2-byte length + "MQTT"), then the protocol level.
      int level = connect[connect.length - remainingLength(connect) + 6] & 0xff;
      if (level == 5) {
        client.getOutputStream().write(new byte[] {0x20, 0x02, 0x00, 0x01});
        client.getOutputStream().flush();
        return;
      }
      try (Socket upstream = new Socket(InetAddress.getLoopbackAddress(), upstreamPort)) {
        upstream.getOutputStream().write(connect);
        Accepting.daemon("mqtt311-proxy-back", () -> pipe(upstream, client));
        pipe(client, upstream);
      }
    } catch (IOException e) {
      // a client or the broker went away: nothing to do
    }
  }

  private static void pipe(Socket from, Socket to) {
    try {
      InputStream in = from.getInputStream();
      OutputStream out = to.getOutputStream();
      in.transferTo(out);
    } catch (IOException e) {
      // closed
    } finally {
      try {
        to.shutdownOutput();
      } catch (IOException ignored) {
        // already closed
      }
    }
  }

  /** One whole MQTT packet: fixed header byte, variable-length remaining length, body. */
  private static byte[] readPacket(DataInputStream in) throws IOException {
    java.io.ByteArrayOutputStream packet = new java.io.ByteArrayOutputStream();
    packet.write(in.readUnsignedByte());
    int length = 0;
    int shift = 0;
    int b;
    do {
      b = in.readUnsignedByte();
      packet.write(b);
      length |= (b & 0x7f) << shift;
      shift += 7;
    } while ((b & 0x80) != 0);
    byte[] body = new byte[length];
    in.readFully(body);
    packet.write(body);
    return packet.toByteArray();
  }

  private static int remainingLength(byte[] packet) {
    int length = 0;
    int shift = 0;
    int i = 1;
    int b;
    do {
      b = packet[i++] & 0xff;
      length |= (b & 0x7f) << shift;
      shift += 7;
    } while ((b & 0x80) != 0);
    return length;
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
