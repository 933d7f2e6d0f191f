package dev.mycelium.tun.linux;

/** Checks an interface name before it reaches the kernel, so a bad name fails with a message that says why. */
final class TunNames {

    /** IFNAMSIZ minus the terminating NUL. */
    static final int MAX_LENGTH = Ifreq.IFNAMSIZ - 1;

    private TunNames() {
    }

    /** Throws {@link IllegalArgumentException} naming the rule the name breaks (the kernel's dev_valid_name). */
    static String requireValid(String name) {
        if (name.isEmpty()) {
            throw new IllegalArgumentException("TUN name is empty");
        }
        if (name.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("TUN name '" + name + "' is too long: " + name.length()
                    + " characters, Linux allows at most " + MAX_LENGTH);
        }
        if (name.equals(".") || name.equals("..")) {
            throw new IllegalArgumentException("TUN name '" + name + "' is not allowed");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c <= ' ' || c >= 0x7f || c == '/' || c == ':') {
                throw new IllegalArgumentException("TUN name '" + name
                        + "' contains a character Linux does not allow in interface names (at index " + i + ")");
            }
        }
        return name;
    }
}
