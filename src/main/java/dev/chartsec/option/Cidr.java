package dev.chartsec.option;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/** An IPv4 or IPv6 network in canonical form (no host bits set), parsed without any name lookup. */
public record Cidr(byte[] address, int prefix) {
    private static final Pattern V4 = Pattern.compile("((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");
    private static final Pattern V6 = Pattern.compile("[0-9a-fA-F:]{2,39}");

    /** The network, or null when {@code s} is not a canonical CIDR. */
    public static Cidr parse(String s) {
        int slash = s.indexOf('/');
        if (slash < 0 || slash == s.length() - 1 || s.length() > 60) {
            return null;
        }
        String host = s.substring(0, slash);
        String bits = s.substring(slash + 1);
        boolean v4 = V4.matcher(host).matches();
        if (!v4 && !(V6.matcher(host).matches() && host.contains(":")) || !bits.matches("\\d{1,3}")) {
            return null;
        }
        byte[] address;
        try {
            address = InetAddress.getByName(host).getAddress(); // a literal: no lookup happens
        } catch (UnknownHostException e) {
            return null;
        }
        int prefix = Integer.parseInt(bits);
        if (address.length != (v4 ? 4 : 16) || prefix > address.length * 8) {
            return null;
        }
        Cidr c = new Cidr(address, prefix);
        return c.network().equals(new BigInteger(1, address)) ? c : null;
    }

    private BigInteger network() {
        int width = address.length * 8;
        BigInteger a = new BigInteger(1, address);
        return a.shiftRight(width - prefix).shiftLeft(width - prefix);
    }

    /** Whether {@code inner} lies inside this network (same family, longer or equal prefix). */
    public boolean contains(Cidr inner) {
        if (inner.address.length != address.length || inner.prefix < prefix) {
            return false;
        }
        int width = address.length * 8;
        return new BigInteger(1, inner.address).shiftRight(width - prefix).equals(network().shiftRight(width - prefix));
    }
}
