package dev.mycelium.core.wire.babel;

import dev.mycelium.core.wire.RouterId;
import dev.mycelium.core.wire.Subnet;
import dev.mycelium.core.wire.WireFormatException;
import dev.mycelium.core.wire.WireFormatException.Reason;
import io.netty.buffer.ByteBuf;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * TLV bodies of the five Babel TLVs in Mycelium's dialect (protocol.md 4.1-4.5): the bytes after the two-byte TLV
 * header. Encoding writes what the record holds (IPv4 as AE 1 included, as Mycelium's own encoder does); whether it
 * may go onto a link is {@link LinkPolicy}'s call.
 *
 * <p>Decoding is stricter than Mycelium's: the body must be exactly as long as its content implies (the TLV length
 * byte is trusted only after that check), unknown AEs, impossible prefix lengths, a non-zero "omitted" byte and hop
 * count 0 are refused with a {@link WireFormatException}. Flags are masked as Mycelium masks them.
 */
public final class TlvCodec {

    public static final int TYPE_HELLO = 4;
    public static final int TYPE_IHU = 5;
    public static final int TYPE_UPDATE = 8;
    public static final int TYPE_ROUTE_REQUEST = 9;
    public static final int TYPE_SEQNO_REQUEST = 10;

    /** Receivers keep only the unicast bit of a Hello's flags (4.1). */
    public static final int HELLO_FLAG_MASK = 0x8000;
    /** Receivers keep only the "prefix" and "router-id" bits of an Update's flags (4.3). */
    public static final int UPDATE_FLAG_MASK = 0xC0;

    static final int HELLO_BODY = 6;
    static final int IHU_FIXED = 6;
    static final int UPDATE_FIXED = 10 + RouterId.SIZE;
    static final int ROUTE_REQUEST_FIXED = 3;
    static final int SEQNO_REQUEST_FIXED = 6 + RouterId.SIZE;

    private TlvCodec() {
    }

    /** The TLV type number of {@code tlv}. */
    public static int type(ControlTlv tlv) {
        if (tlv instanceof Hello) {
            return TYPE_HELLO;
        } else if (tlv instanceof Ihu) {
            return TYPE_IHU;
        } else if (tlv instanceof Update) {
            return TYPE_UPDATE;
        } else if (tlv instanceof RouteRequest) {
            return TYPE_ROUTE_REQUEST;
        } else if (tlv instanceof SeqnoRequest) {
            return TYPE_SEQNO_REQUEST;
        }
        throw new IllegalArgumentException("not a TLV: " + tlv);
    }

    /** Length of the encoded body (the value of the TLV length byte). */
    public static int bodyLength(ControlTlv tlv) {
        if (tlv instanceof Hello) {
            return HELLO_BODY;
        } else if (tlv instanceof Ihu ihu) {
            return IHU_FIXED + (ihu.address() == null ? 0 : ihu.address().getAddress().length);
        } else if (tlv instanceof Update u) {
            return UPDATE_FIXED + requireSubnet(u.subnet(), "update subnet").prefixBytes();
        } else if (tlv instanceof RouteRequest r) {
            return ROUTE_REQUEST_FIXED + (r.prefix() == null ? 0 : r.prefix().prefixBytes());
        } else if (tlv instanceof SeqnoRequest s) {
            return SEQNO_REQUEST_FIXED + requireSubnet(s.prefix(), "seqno request prefix").prefixBytes();
        }
        throw new IllegalArgumentException("not a TLV: " + tlv);
    }

    /**
     * Writes the body of {@code tlv}; exactly {@link #bodyLength} bytes.
     *
     * @throws IllegalArgumentException when a field does not fit its wire width or a required field is missing
     */
    public static void encodeBody(ControlTlv tlv, ByteBuf out) {
        if (tlv instanceof Hello h) {
            encodeHello(h, out);
        } else if (tlv instanceof Ihu i) {
            encodeIhu(i, out);
        } else if (tlv instanceof Update u) {
            encodeUpdate(u, out);
        } else if (tlv instanceof RouteRequest r) {
            encodeRouteRequest(r, out);
        } else if (tlv instanceof SeqnoRequest s) {
            encodeSeqnoRequest(s, out);
        } else {
            throw new IllegalArgumentException("not a TLV: " + tlv);
        }
    }

    /**
     * Decodes one TLV body of type {@code type}. {@code body} holds exactly the bytes announced by the TLV length
     * byte; all of them are consumed on success.
     */
    public static ControlTlv decodeBody(int type, ByteBuf body) throws WireFormatException {
        ControlTlv tlv;
        switch (type) {
            case TYPE_HELLO:
                tlv = decodeHello(body);
                break;
            case TYPE_IHU:
                tlv = decodeIhu(body);
                break;
            case TYPE_UPDATE:
                tlv = decodeUpdate(body);
                break;
            case TYPE_ROUTE_REQUEST:
                tlv = decodeRouteRequest(body);
                break;
            case TYPE_SEQNO_REQUEST:
                tlv = decodeSeqnoRequest(body);
                break;
            default:
                throw new WireFormatException(Reason.BAD_TYPE, "TLV type " + type);
        }
        return tlv;
    }

    /** True for the five TLV types Mycelium understands. */
    public static boolean isKnownType(int type) {
        return type == TYPE_HELLO || type == TYPE_IHU || type == TYPE_UPDATE || type == TYPE_ROUTE_REQUEST
                || type == TYPE_SEQNO_REQUEST;
    }

    // ---- Hello (4.1)

    private static void encodeHello(Hello h, ByteBuf out) {
        out.writeShort(u16(h.flags(), "hello flags"));
        out.writeShort(u16(h.seqno(), "hello seqno"));
        out.writeShort(u16(h.intervalCs(), "hello interval"));
    }

    private static Hello decodeHello(ByteBuf in) throws WireFormatException {
        requireExactly(in, HELLO_BODY, "hello");
        int flags = in.readUnsignedShort() & HELLO_FLAG_MASK;
        return new Hello(flags, in.readUnsignedShort(), in.readUnsignedShort());
    }

    // ---- IHU (4.2)

    private static void encodeIhu(Ihu i, ByteBuf out) {
        int rxCost = u16(i.rxCost(), "ihu rx cost");
        int interval = u16(i.intervalCs(), "ihu interval");
        byte[] address = i.address() == null ? null : i.address().getAddress();
        out.writeByte(address == null ? AddressEncoding.WILDCARD : AddressEncoding.forAddressLength(address.length));
        out.writeByte(0);
        out.writeShort(rxCost);
        out.writeShort(interval);
        if (address != null) {
            out.writeBytes(address);
        }
    }

    private static Ihu decodeIhu(ByteBuf in) throws WireFormatException {
        requireAtLeast(in, IHU_FIXED, "ihu");
        int ae = in.readUnsignedByte();
        int addressBytes = AddressEncoding.ihuAddressBytes(ae);
        in.skipBytes(1); // reserved
        int rxCost = in.readUnsignedShort();
        int interval = in.readUnsignedShort();
        requireExactly(in, addressBytes, "ihu address");
        InetAddress address = ae == AddressEncoding.WILDCARD ? null
                : toInetAddress(AddressEncoding.readIhuAddress(in, ae));
        return new Ihu(rxCost, interval, address);
    }

    // ---- Update (4.3)

    private static void encodeUpdate(Update u, ByteBuf out) {
        Subnet subnet = requireSubnet(u.subnet(), "update subnet");
        int flags = u8(u.flags(), "update flags");
        int interval = u16(u.intervalCs(), "update interval");
        int seqno = u16(u.seqno(), "update seqno");
        int metric = u16(u.metric(), "update metric");
        byte[] routerId = requireRouterId(u.routerId());
        out.writeByte(AddressEncoding.forAddressLength(subnet.address().length));
        out.writeByte(flags);
        out.writeByte(subnet.prefixLength());
        out.writeByte(0); // omitted: no prefix compression in this dialect
        out.writeShort(interval);
        out.writeShort(seqno);
        out.writeShort(metric);
        AddressEncoding.writePrefix(out, subnet);
        out.writeBytes(routerId);
    }

    private static Update decodeUpdate(ByteBuf in) throws WireFormatException {
        requireAtLeast(in, UPDATE_FIXED, "update");
        int ae = in.readUnsignedByte();
        int flags = in.readUnsignedByte() & UPDATE_FLAG_MASK;
        int plen = in.readUnsignedByte();
        int omitted = in.readUnsignedByte();
        int prefixBytes = AddressEncoding.prefixBytes(ae, plen);
        if (omitted != 0) {
            throw new WireFormatException(Reason.BAD_OMITTED, "update with omitted = " + omitted);
        }
        int interval = in.readUnsignedShort();
        int seqno = in.readUnsignedShort();
        int metric = in.readUnsignedShort();
        requireExactly(in, prefixBytes + RouterId.SIZE, "update prefix and router id");
        Subnet subnet = AddressEncoding.readPrefix(in, ae, plen);
        return new Update(flags, interval, seqno, metric, subnet, readRouterId(in));
    }

    // ---- Route request (4.4)

    private static void encodeRouteRequest(RouteRequest r, ByteBuf out) {
        int generation = u8(r.generation(), "route request generation");
        out.writeByte(generation);
        Subnet prefix = r.prefix();
        if (prefix == null) {
            out.writeByte(AddressEncoding.WILDCARD);
            out.writeByte(0);
            return;
        }
        out.writeByte(AddressEncoding.forAddressLength(prefix.address().length));
        out.writeByte(prefix.prefixLength());
        AddressEncoding.writePrefix(out, prefix);
    }

    private static RouteRequest decodeRouteRequest(ByteBuf in) throws WireFormatException {
        requireAtLeast(in, ROUTE_REQUEST_FIXED, "route request");
        int generation = in.readUnsignedByte();
        int ae = in.readUnsignedByte();
        int plen = in.readUnsignedByte();
        int prefixBytes = AddressEncoding.prefixBytes(ae, plen);
        requireExactly(in, prefixBytes, "route request prefix");
        Subnet prefix = ae == AddressEncoding.WILDCARD ? null : AddressEncoding.readPrefix(in, ae, plen);
        return new RouteRequest(generation, prefix);
    }

    // ---- Seqno request (4.5)

    private static void encodeSeqnoRequest(SeqnoRequest s, ByteBuf out) {
        Subnet prefix = requireSubnet(s.prefix(), "seqno request prefix");
        int seqno = u16(s.seqno(), "seqno request seqno");
        int hopCount = u8(s.hopCount(), "seqno request hop count");
        byte[] routerId = requireRouterId(s.routerId());
        out.writeByte(AddressEncoding.forAddressLength(prefix.address().length));
        out.writeByte(prefix.prefixLength());
        out.writeShort(seqno);
        out.writeByte(hopCount);
        out.writeByte(0); // reserved
        out.writeBytes(routerId);
        AddressEncoding.writePrefix(out, prefix);
    }

    private static SeqnoRequest decodeSeqnoRequest(ByteBuf in) throws WireFormatException {
        requireAtLeast(in, SEQNO_REQUEST_FIXED, "seqno request");
        int ae = in.readUnsignedByte();
        int plen = in.readUnsignedByte();
        int prefixBytes = AddressEncoding.prefixBytes(ae, plen);
        int seqno = in.readUnsignedShort();
        int hopCount = in.readUnsignedByte();
        if (hopCount == 0) {
            throw new WireFormatException(Reason.ZERO_HOP_COUNT, "seqno request with hop count 0");
        }
        in.skipBytes(1); // reserved
        RouterId routerId = readRouterId(in);
        requireExactly(in, prefixBytes, "seqno request prefix");
        return new SeqnoRequest(seqno, hopCount, AddressEncoding.readPrefix(in, ae, plen), routerId);
    }

    // ---- helpers

    private static RouterId readRouterId(ByteBuf in) {
        byte[] id = new byte[RouterId.SIZE];
        in.readBytes(id);
        return RouterId.of(id);
    }

    private static InetAddress toInetAddress(byte[] address) {
        try {
            // Inet6Address.getByAddress keeps IPv4-mapped IPv6 addresses as IPv6, so AE 2 stays AE 2.
            return address.length == 16 ? Inet6Address.getByAddress(null, address, -1)
                    : Inet4Address.getByAddress(address);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("address of " + address.length + " bytes", e);
        }
    }

    private static void requireAtLeast(ByteBuf in, int n, String what) throws WireFormatException {
        if (in.readableBytes() < n) {
            throw new WireFormatException(Reason.LENGTH_MISMATCH,
                    what + " needs at least " + n + " bytes, TLV has " + in.readableBytes());
        }
    }

    private static void requireExactly(ByteBuf in, int n, String what) throws WireFormatException {
        if (in.readableBytes() != n) {
            throw new WireFormatException(Reason.LENGTH_MISMATCH,
                    what + " needs exactly " + n + " more bytes, TLV has " + in.readableBytes());
        }
    }

    private static Subnet requireSubnet(Subnet s, String what) {
        if (s == null) {
            throw new IllegalArgumentException(what + " is required");
        }
        return s;
    }

    private static byte[] requireRouterId(RouterId id) {
        if (id == null) {
            throw new IllegalArgumentException("router id is required");
        }
        return id.bytes();
    }

    private static int u16(int v, String what) {
        if (v < 0 || v > 0xFFFF) {
            throw new IllegalArgumentException(what + " must be 0..65535, got " + v);
        }
        return v;
    }

    private static int u8(int v, String what) {
        if (v < 0 || v > 0xFF) {
            throw new IllegalArgumentException(what + " must be 0..255, got " + v);
        }
        return v;
    }
}
