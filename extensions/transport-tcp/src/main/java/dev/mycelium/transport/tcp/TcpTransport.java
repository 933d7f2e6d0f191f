package dev.mycelium.transport.tcp;

import dev.mycelium.spi.transport.Listener;
import dev.mycelium.spi.transport.PeerLink;
import dev.mycelium.spi.transport.Transport;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFactory;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.WriteBufferWaterMark;
import io.vertx.core.Vertx;
import io.vertx.core.impl.VertxInternal;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.UnknownHostException;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The {@code tcp} transport (protocol.md 2.3): plain TCP, {@code TCP_NODELAY} on both sides, no handshake. Sockets
 * are Netty channels on Vert.x's event loops, made with the channel classes of Vert.x's own transport (NIO or
 * native), so links share the threads of the rest of the app.
 */
@Singleton
public final class TcpTransport implements Transport {

    public static final String SCHEME = "tcp";
    /** Static link cost (protocol.md 5.1): TCP to an IPv4 (or IPv4-mapped) address. */
    public static final int COST_IPV4 = 15;
    /** Static link cost (protocol.md 5.1): TCP to an IPv6 address. */
    public static final int COST_IPV6 = 10;

    private static final WriteBufferWaterMark WATER_MARK =
            new WriteBufferWaterMark(TcpLimits.CHANNEL_LOW_WATER_MARK, TcpLimits.CHANNEL_HIGH_WATER_MARK);

    private final EventLoopGroup acceptors;
    private final EventLoopGroup workers;
    private final ChannelFactory<? extends Channel> channels;
    private final ChannelFactory<? extends ServerChannel> serverChannels;

    @Inject
    public TcpTransport(Vertx vertx) {
        Objects.requireNonNull(vertx, "vertx");
        VertxInternal internal = (VertxInternal) vertx;
        this.acceptors = internal.getAcceptorEventLoopGroup();
        this.workers = internal.nettyEventLoopGroup();
        this.channels = internal.transport().channelFactory(false);
        this.serverChannels = internal.transport().serverChannelFactory(false);
    }

    @Override
    public String scheme() {
        return SCHEME;
    }

    @Override
    public int staticLinkCost(InetSocketAddress remote) {
        return isIpv4(remote.getAddress()) ? COST_IPV4 : COST_IPV6;
    }

    /** Blocks until bound (at most {@link TcpLimits#BIND_TIMEOUT_MS}); not to be called on an event loop. */
    @Override
    public Listener listen(InetSocketAddress bind, Consumer<PeerLink> acceptor) throws IOException {
        Objects.requireNonNull(bind, "bind");
        Objects.requireNonNull(acceptor, "acceptor");
        // A socket bound to an IPv6 address is dual stack: Mycelium prints its IPv4 peers as ::ffff:a.b.c.d.
        boolean ipv6Socket = bind.getAddress() instanceof Inet6Address;
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(acceptors, workers)
                .channelFactory(serverChannels)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.AUTO_READ, false)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK)
                .childHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        accepted(ch, ipv6Socket, acceptor);
                    }
                });
        ChannelFuture bound = bootstrap.bind(bind);
        if (!bound.awaitUninterruptibly(TcpLimits.BIND_TIMEOUT_MS, TimeUnit.MILLISECONDS)) {
            bound.channel().close();
            throw new IOException("binding tcp listener to " + bind + " timed out");
        }
        if (!bound.isSuccess()) {
            throw new IOException("cannot listen on tcp " + bind + ": " + bound.cause().getMessage(), bound.cause());
        }
        return new TcpListener(bound.channel());
    }

    @Override
    public CompletionStage<PeerLink> dial(InetSocketAddress remote) {
        Objects.requireNonNull(remote, "remote");
        CompletableFuture<PeerLink> result = new CompletableFuture<>();
        if (remote.isUnresolved()) {
            result.completeExceptionally(new IllegalArgumentException("tcp dial needs an IP address: " + remote));
            return result;
        }
        Bootstrap bootstrap = new Bootstrap()
                .group(workers)
                .channelFactory(channels)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.AUTO_READ, false)
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, TcpLimits.CONNECT_TIMEOUT_MS)
                .handler(new ChannelInboundHandlerAdapter());
        bootstrap.connect(remote).addListener((ChannelFuture f) -> {
            if (!f.isSuccess()) {
                result.completeExceptionally(f.cause());
                return;
            }
            Channel ch = f.channel();
            TcpLink link = new TcpLink(ch, (InetSocketAddress) ch.localAddress(), (InetSocketAddress) ch.remoteAddress());
            if (!result.complete(link)) {
                link.close(); // the caller gave up (cancelled) meanwhile
            }
        });
        return result;
    }

    private static void accepted(Channel ch, boolean ipv6Socket, Consumer<PeerLink> acceptor) {
        InetSocketAddress local = asSeenByMycelium((InetSocketAddress) ch.localAddress(), ipv6Socket);
        InetSocketAddress remote = asSeenByMycelium((InetSocketAddress) ch.remoteAddress(), ipv6Socket);
        TcpLink link = new TcpLink(ch, local, remote);
        try {
            acceptor.accept(link);
        } catch (RuntimeException e) {
            link.close();
        }
    }

    /**
     * The address as a Rust socket reports it: on a dual-stack IPv6 socket an IPv4 peer is {@code ::ffff:a.b.c.d}
     * (Java turns it into an {@link Inet4Address}; we turn it back so connection ids and inbound endpoints match
     * Mycelium's).
     */
    static InetSocketAddress asSeenByMycelium(InetSocketAddress address, boolean ipv6Socket) {
        if (!ipv6Socket || !(address.getAddress() instanceof Inet4Address v4)) {
            return address;
        }
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xff;
        mapped[11] = (byte) 0xff;
        System.arraycopy(v4.getAddress(), 0, mapped, 12, 4);
        try {
            return new InetSocketAddress(Inet6Address.getByAddress(null, mapped, (NetworkInterface) null),
                    address.getPort());
        } catch (UnknownHostException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    /** IPv4, or IPv6 of the form {@code ::ffff:a.b.c.d} (protocol.md 5.1 costs both like IPv4). */
    static boolean isIpv4(InetAddress address) {
        if (address instanceof Inet4Address) {
            return true;
        }
        byte[] b = address.getAddress();
        if (b.length != 16 || (b[10] & 0xff) != 0xff || (b[11] & 0xff) != 0xff) {
            return false;
        }
        for (int i = 0; i < 10; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    /** A bound server channel. Closing it stops accepting; links already accepted stay up. */
    private static final class TcpListener implements Listener {

        private final Channel serverChannel;
        private final InetSocketAddress localAddress;

        TcpListener(Channel serverChannel) {
            this.serverChannel = serverChannel;
            this.localAddress = (InetSocketAddress) serverChannel.localAddress();
        }

        @Override
        public InetSocketAddress localAddress() {
            return localAddress;
        }

        @Override
        public void close() {
            ChannelFuture closing = serverChannel.close();
            if (!serverChannel.eventLoop().inEventLoop()) {
                closing.awaitUninterruptibly(TcpLimits.BIND_TIMEOUT_MS);
            }
        }

        @Override
        public String toString() {
            return "tcp listener " + localAddress;
        }
    }
}
