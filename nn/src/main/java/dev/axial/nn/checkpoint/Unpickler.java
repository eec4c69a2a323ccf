package dev.axial.nn.checkpoint;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A pickle reader for what {@code torch.save} writes (protocol 2, plus the protocol 3-4 opcodes newer torch may
 * emit), with no Python: it builds plain Java values (LinkedHashMap for dicts and OrderedDicts, ArrayList for
 * lists, Object[] for tuples, Long/BigInteger, Double, String, Boolean, null) and calls back for persistent ids
 * (storages) and for the few globals torch needs. Any other global is refused by name, so a hostile file cannot
 * make it do anything but fail.
 *
 * <pre>{@code
 * Object root = new Unpickler(file, in, pid -> storageFor(pid), Unpickler::noReduce).load();
 * }</pre>
 */
final class Unpickler {
    /** A global ({@code module.name}) seen by GLOBAL/STACK_GLOBAL. */
    record Global(String module, String name) {
        @Override public String toString() { return module + "." + name; }
    }

    /** Applies a supported global to its arguments (REDUCE); throws for anything else. */
    @FunctionalInterface
    interface Reducer {
        Object reduce(Global callable, Object[] args);
    }

    /** Resolves a persistent id (BINPERSID). */
    @FunctionalInterface
    interface Persistent {
        Object load(Object pid);
    }

    private static final Object MARK = new Object();
    /** The globals torch state dicts use; anything else is named in the error. */
    static final Set<String> ALLOWED = Set.of("collections.OrderedDict", "torch._utils._rebuild_tensor_v2",
            "torch._utils._rebuild_parameter", "torch._utils._rebuild_parameter_with_state");

    private final Path file;
    private final DataInputStream in;
    private final Persistent persistent;
    private final Reducer reducer;
    private final ArrayList<Object> stack = new ArrayList<>();
    private final ArrayList<Integer> marks = new ArrayList<>();
    private final Map<Long, Object> memo = new HashMap<>();

    Unpickler(Path file, InputStream in, Persistent persistent, Reducer reducer) {
        this.file = file;
        this.in = new DataInputStream(in);
        this.persistent = persistent;
        this.reducer = reducer;
    }

    private CheckpointException error(String what) { return new CheckpointException(file, "data.pkl: " + what); }

    /** Reads up to STOP and returns the top object. */
    Object load() {
        try {
            while (true) {
                int op = in.read();
                if (op < 0) throw error("ends before STOP (truncated?)");
                switch (op) {
                    case 0x80 -> in.readUnsignedByte();                          // PROTO
                    case 0x95 -> in.readLong();                                  // FRAME (size, ignored)
                    case '.' -> {                                                // STOP
                        return pop();
                    }
                    case '(' -> marks.add(stack.size());                         // MARK
                    case '}' -> push(new LinkedHashMap<>());                     // EMPTY_DICT
                    case ']' -> push(new ArrayList<>());                         // EMPTY_LIST
                    case ')' -> push(new Object[0]);                             // EMPTY_TUPLE
                    case 'N' -> push(null);
                    case 0x88 -> push(Boolean.TRUE);
                    case 0x89 -> push(Boolean.FALSE);
                    case 'J' -> push((long) Integer.reverseBytes(in.readInt())); // BININT
                    case 'K' -> push((long) in.readUnsignedByte());              // BININT1
                    case 'M' -> push((long) Short.toUnsignedInt(Short.reverseBytes(in.readShort()))); // BININT2
                    case 0x8a -> push(readLong(in.readUnsignedByte()));          // LONG1
                    case 0x8b -> push(readLong(checkedLength(Integer.reverseBytes(in.readInt())))); // LONG4
                    case 'G' -> push(in.readDouble());                           // BINFLOAT, big-endian
                    case 'X' -> push(readString(checkedLength(Integer.reverseBytes(in.readInt())))); // BINUNICODE
                    case 0x8c -> push(readString(in.readUnsignedByte()));        // SHORT_BINUNICODE
                    case 'T' -> push(readString(checkedLength(Integer.reverseBytes(in.readInt())))); // BINSTRING
                    case 'U' -> push(readString(in.readUnsignedByte()));         // SHORT_BINSTRING
                    case 'B' -> push(readBytes(checkedLength(Integer.reverseBytes(in.readInt())))); // BINBYTES
                    case 'C' -> push(readBytes(in.readUnsignedByte()));          // SHORT_BINBYTES
                    case 't' -> push(popMark().toArray());                       // TUPLE
                    case 0x85 -> push(new Object[] {pop()});                     // TUPLE1
                    case 0x86 -> {                                               // TUPLE2
                        Object b = pop(), a = pop();
                        push(new Object[] {a, b});
                    }
                    case 0x87 -> {                                               // TUPLE3
                        Object c = pop(), b = pop(), a = pop();
                        push(new Object[] {a, b, c});
                    }
                    case 'l' -> push(new ArrayList<>(popMark()));                // LIST
                    case 'd' -> push(dictOf(popMark()));                         // DICT
                    case 'a' -> {                                                // APPEND
                        Object v = pop();
                        list(peek()).add(v);
                    }
                    case 'e' -> {                                                // APPENDS
                        List<Object> items = popMark();
                        list(peek()).addAll(items);
                    }
                    case 's' -> {                                                // SETITEM
                        Object v = pop(), k = pop();
                        dict(peek()).put(k, v);
                    }
                    case 'u' -> {                                                // SETITEMS
                        List<Object> items = popMark();
                        dict(peek()).putAll(dictOf(items));
                    }
                    case 'c' -> push(global(readLine(), readLine()));            // GLOBAL
                    case 0x93 -> {                                               // STACK_GLOBAL
                        Object name = pop(), module = pop();
                        push(global(String.valueOf(module), String.valueOf(name)));
                    }
                    case 'R' -> {                                                // REDUCE
                        Object args = pop(), fn = pop();
                        if (!(fn instanceof Global g) || !(args instanceof Object[] a)) throw error("REDUCE on " + describe(fn));
                        push(reducer.reduce(g, a));
                    }
                    case 0x81 -> {                                               // NEWOBJ
                        Object args = pop(), cls = pop();
                        if (!(cls instanceof Global g) || !(args instanceof Object[] a)) throw error("NEWOBJ on " + describe(cls));
                        push(reducer.reduce(g, a));
                    }
                    case 'b' -> {                                                // BUILD
                        Object state = pop();
                        Object target = peek();
                        // NOTE: torch's OrderedDicts carry a `_metadata` attribute (versions); a state dict ignores it
                        if (!(target instanceof Map<?, ?>)) throw error("BUILD of " + describe(target) + " is not supported");
                    }
                    case 'Q' -> push(persistent.load(pop()));                    // BINPERSID
                    case 'q' -> memo.put((long) in.readUnsignedByte(), peek());  // BINPUT
                    case 'r' -> memo.put(Integer.toUnsignedLong(Integer.reverseBytes(in.readInt())), peek()); // LONG_BINPUT
                    case 0x94 -> memo.put((long) memo.size(), peek());          // MEMOIZE
                    case 'h' -> push(memoGet(in.readUnsignedByte()));            // BINGET
                    case 'j' -> push(memoGet(Integer.toUnsignedLong(Integer.reverseBytes(in.readInt())))); // LONG_BINGET
                    case '0' -> pop();                                           // POP
                    case '1' -> popMark();                                       // POP_MARK
                    case '2' -> push(peek());                                    // DUP
                    default -> throw error(String.format("unsupported pickle opcode 0x%02x ('%c')", op, (char) op));
                }
            }
        } catch (EOFException e) {
            throw error("ends in the middle of an opcode (truncated?)");
        } catch (IOException e) {
            throw new CheckpointException(file, "cannot read data.pkl: " + e, e);
        }
    }

    private Global global(String module, String name) {
        Global g = new Global(module, name);
        if (ALLOWED.contains(g.toString()) || (module.equals("torch") && name.endsWith("Storage"))) return g;
        throw error("unsupported global '" + g + "' (Axial reads state dicts: tensors, numbers, strings, dicts, lists;"
                + " supported globals: " + ALLOWED + " and torch.*Storage)");
    }

    private static String describe(Object o) { return o == null ? "None" : o.getClass().getSimpleName(); }

    private int checkedLength(int n) {
        if (n < 0) throw error("negative length " + n);
        return n;
    }

    private Object memoGet(long key) {
        if (!memo.containsKey(key)) throw error("memo key " + key + " was never stored");
        return memo.get(key);
    }

    private Object readLong(int n) throws IOException {
        byte[] le = readBytes(n);
        if (n == 0) return 0L;
        byte[] be = new byte[n];
        for (int i = 0; i < n; i++) be[i] = le[n - 1 - i];
        BigInteger v = new BigInteger(be);
        return v.bitLength() < 64 ? (Object) v.longValue() : v;
    }

    private byte[] readBytes(int n) throws IOException {
        // NOTE: read in pieces so a bogus length in a corrupt file hits EOF before a huge allocation
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(Math.min(n, 1 << 16));
        byte[] buf = new byte[Math.min(n, 1 << 16)];
        int left = n;
        while (left > 0) {
            int r = in.read(buf, 0, Math.min(left, buf.length));
            if (r < 0) throw new EOFException();
            out.write(buf, 0, r);
            left -= r;
        }
        return out.toByteArray();
    }

    private String readString(int n) throws IOException { return new String(readBytes(n), StandardCharsets.UTF_8); }

    private String readLine() throws IOException {
        StringBuilder sb = new StringBuilder();
        while (true) {
            int c = in.read();
            if (c < 0) throw new EOFException();
            if (c == '\n') return sb.toString();
            if (sb.length() > 1000) throw error("GLOBAL name longer than 1000 characters");
            sb.append((char) c);
        }
    }

    private void push(Object o) { stack.add(o); }

    private Object pop() {
        if (stack.isEmpty()) throw error("stack underflow");
        int floor = marks.isEmpty() ? 0 : marks.getLast();
        if (stack.size() <= floor) throw error("pop across a MARK");
        return stack.removeLast();
    }

    private Object peek() {
        if (stack.isEmpty()) throw error("stack underflow");
        return stack.getLast();
    }

    private List<Object> popMark() {
        if (marks.isEmpty()) throw error("no MARK on the stack");
        int m = marks.removeLast();
        List<Object> items = new ArrayList<>(stack.subList(m, stack.size()));
        stack.subList(m, stack.size()).clear();
        return items;
    }

    @SuppressWarnings("unchecked")
    private List<Object> list(Object o) {
        if (!(o instanceof List<?>)) throw error("APPEND to a " + describe(o));
        return (List<Object>) o;
    }

    @SuppressWarnings("unchecked")
    private Map<Object, Object> dict(Object o) {
        if (!(o instanceof Map<?, ?>)) throw error("SETITEM on a " + describe(o));
        return (Map<Object, Object>) o;
    }

    private Map<Object, Object> dictOf(List<Object> kv) {
        if (kv.size() % 2 != 0) throw error("odd number of items for a dict");
        Map<Object, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.size(); i += 2) m.put(kv.get(i), kv.get(i + 1));
        return m;
    }
}
