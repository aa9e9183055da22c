package io.emqx.mcp.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * An in-memory pipe for connecting a client to the server in this JVM, as stdin/stdout would. Its
 * streams ignore thread interrupts, as the file-descriptor streams of a real process's stdio do:
 * {@code Channels} streams over an NIO {@code Pipe} are closed for good by an interrupt of
 * whichever thread happens to be writing ({@code ClosedByInterruptException}), and Reactor
 * interrupts its threads on cancellation, so a harness built on them failed under load for reasons
 * a real client never sees. Unlike {@code PipedInputStream}, it does not care which threads read
 * and write. Bounded: a writer waits while {@link #CAPACITY} bytes are unread.
 */
public final class BytePipe {

  static final int CAPACITY = 1 << 20;

  private final byte[] ring = new byte[CAPACITY];
  private int head;
  private int size;
  private boolean writerClosed;
  private boolean readerClosed;

  public final InputStream in =
      new InputStream() {
        @Override
        public int read() throws IOException {
          byte[] one = new byte[1];
          int n = read(one, 0, 1);
          return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
          return take(b, off, len);
        }

        @Override
        public void close() {
          closeReader();
        }
      };

  public final OutputStream out =
      new OutputStream() {
        @Override
        public void write(int b) throws IOException {
          write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
          put(b, off, len);
        }

        @Override
        public void close() {
          closeWriter();
        }
      };

  private synchronized int take(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    boolean interrupted = false;
    try {
      while (size == 0) {
        if (readerClosed) {
          throw new IOException("pipe closed");
        }
        if (writerClosed) {
          return -1;
        }
        try {
          wait();
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
      int n = Math.min(len, size);
      for (int i = 0; i < n; i++) {
        b[off + i] = ring[(head + i) % CAPACITY];
      }
      head = (head + n) % CAPACITY;
      size -= n;
      notifyAll();
      return n;
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private synchronized void put(byte[] b, int off, int len) throws IOException {
    boolean interrupted = false;
    try {
      int done = 0;
      while (done < len) {
        if (readerClosed) {
          throw new IOException("Broken pipe");
        }
        if (writerClosed) {
          throw new IOException("pipe closed");
        }
        if (size == CAPACITY) {
          try {
            wait();
          } catch (InterruptedException e) {
            interrupted = true;
          }
          continue;
        }
        int n = Math.min(len - done, CAPACITY - size);
        for (int i = 0; i < n; i++) {
          ring[(head + size + i) % CAPACITY] = b[off + done + i];
        }
        size += n;
        done += n;
        notifyAll();
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private synchronized void closeReader() {
    readerClosed = true;
    notifyAll();
  }

  private synchronized void closeWriter() {
    writerClosed = true;
    notifyAll();
  }
}
