package dev.axial.tensor;

import org.junit.jupiter.api.Test;

import java.util.Locale;

import static dev.axial.tensor.DType.*;
import static org.junit.jupiter.api.Assertions.*;

class DTypeTest {
    /** The order of the rows and columns of {@link #TORCH}. */
    private static final DType[] ORDER = {BOOL, UINT8, INT8, INT16, INT32, INT64, FLOAT16, BFLOAT16, FLOAT32, FLOAT64};

    /** torch.promote_types(ORDER[i], ORDER[j]), written out from PyTorch's table. */
    private static final DType[][] TORCH = {
            //      bool      uint8     int8      int16     int32     int64     float16   bfloat16  float32   float64
            /*b  */ {BOOL,    UINT8,    INT8,     INT16,    INT32,    INT64,    FLOAT16,  BFLOAT16, FLOAT32,  FLOAT64},
            /*u8 */ {UINT8,   UINT8,    INT16,    INT16,    INT32,    INT64,    FLOAT16,  BFLOAT16, FLOAT32,  FLOAT64},
            /*i8 */ {INT8,    INT16,    INT8,     INT16,    INT32,    INT64,    FLOAT16,  BFLOAT16, FLOAT32,  FLOAT64},
            /*i16*/ {INT16,   INT16,    INT16,    INT16,    INT32,    INT64,    FLOAT16,  BFLOAT16, FLOAT32,  FLOAT64},
            /*i32*/ {INT32,   INT32,    INT32,    INT32,    INT32,    INT64,    FLOAT16,  BFLOAT16, FLOAT32,  FLOAT64},
            /*i64*/ {INT64,   INT64,    INT64,    INT64,    INT64,    INT64,    FLOAT16,  BFLOAT16, FLOAT32,  FLOAT64},
            /*f16*/ {FLOAT16, FLOAT16,  FLOAT16,  FLOAT16,  FLOAT16,  FLOAT16,  FLOAT16,  FLOAT32,  FLOAT32,  FLOAT64},
            /*bf */ {BFLOAT16, BFLOAT16, BFLOAT16, BFLOAT16, BFLOAT16, BFLOAT16, FLOAT32, BFLOAT16, FLOAT32, FLOAT64},
            /*f32*/ {FLOAT32, FLOAT32,  FLOAT32,  FLOAT32,  FLOAT32,  FLOAT32,  FLOAT32,  FLOAT32,  FLOAT32,  FLOAT64},
            /*f64*/ {FLOAT64, FLOAT64,  FLOAT64,  FLOAT64,  FLOAT64,  FLOAT64,  FLOAT64,  FLOAT64,  FLOAT64,  FLOAT64},
    };

    @Test
    void promoteMatchesTorchPromoteTypesForEveryPair() {
        assertEquals(DType.values().length, ORDER.length);
        for (int i = 0; i < ORDER.length; i++) {
            for (int j = 0; j < ORDER.length; j++) {
                assertEquals(TORCH[i][j], DType.promote(ORDER[i], ORDER[j]), ORDER[i] + " + " + ORDER[j]);
                assertEquals(DType.promote(ORDER[j], ORDER[i]), DType.promote(ORDER[i], ORDER[j]), "symmetry " + ORDER[i] + ", " + ORDER[j]);
            }
        }
    }

    @Test
    void promoteIsAssociativeOnTheTable() {
        // PyTorch's lattice is associative except through the float16/bfloat16 pair; check the rest
        for (DType a : ORDER) for (DType b : ORDER) for (DType c : ORDER) {
            boolean halfPair = (a == FLOAT16 || b == FLOAT16 || c == FLOAT16) && (a == BFLOAT16 || b == BFLOAT16 || c == BFLOAT16);
            if (halfPair) continue;
            assertEquals(promote(promote(a, b), c), promote(a, promote(b, c)), a + ", " + b + ", " + c);
        }
    }

    @Test
    void promoteWithScalarFollowsPyTorch() {
        // integer tensor + 2.5 -> default float
        for (DType t : new DType[]{UINT8, INT8, INT16, INT32, INT64}) {
            assertEquals(FLOAT32, promoteWithScalar(t, true, false), t + " + 2.5");
            assertEquals(t, promoteWithScalar(t, false, false), t + " + 2 keeps the tensor's width");
            assertEquals(t, promoteWithScalar(t, false, true), t + " + True");
        }
        // floating tensor + any scalar keeps its dtype (float16 + 2.5 -> float16)
        for (DType t : new DType[]{FLOAT16, BFLOAT16, FLOAT32, FLOAT64}) {
            assertEquals(t, promoteWithScalar(t, true, false));
            assertEquals(t, promoteWithScalar(t, false, false));
            assertEquals(t, promoteWithScalar(t, false, true));
        }
        assertEquals(INT64, promoteWithScalar(BOOL, false, false), "bool + 2");
        assertEquals(FLOAT32, promoteWithScalar(BOOL, true, false), "bool + 2.5");
        assertEquals(BOOL, promoteWithScalar(BOOL, false, true), "bool + True");
        assertEquals(UINT8, promoteWithScalar(UINT8, false, false), "uint8 + 300 stays uint8");
    }

    @Test
    void namesAndLookup() {
        for (DType t : DType.values()) {
            assertEquals(t, DType.of(t.torchName()));
            assertEquals(t, DType.of("torch." + t.torchName()));
            assertEquals(t.torchName(), t.toString());
        }
        assertEquals(FLOAT32, DType.of("float"));
        assertEquals(FLOAT64, DType.of("double"));
        assertEquals(FLOAT16, DType.of("half"));
        assertEquals(INT64, DType.of("long"));
        assertEquals(INT32, DType.of("int"));
        assertEquals(INT16, DType.of("short"));
        assertEquals(FLOAT32, DType.of("Float32"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DType.of("complex64"));
        assertTrue(e.getMessage().contains("complex64"), e.getMessage());
    }

    @Test
    void lookupDoesNotDependOnTheDefaultLocale() {
        Locale saved = Locale.getDefault();
        try {
            Locale.setDefault(Locale.forLanguageTag("tr-TR"));   // "INT".toLowerCase() is "ınt" there
            assertEquals(INT32, DType.of("INT"));
            assertEquals(INT64, DType.of("INT64"));
        } finally {
            Locale.setDefault(saved);
        }
    }

    @Test
    void kindsAndSizes() {
        int[] sizes = {1, 1, 1, 2, 4, 8, 2, 2, 4, 8};
        for (int i = 0; i < ORDER.length; i++) {
            DType t = ORDER[i];
            assertEquals(sizes[i], t.byteSize(), t.toString());
            assertEquals(sizes[i], t.layout().byteSize(), t.toString());
            int kinds = (t.isBool() ? 1 : 0) + (t.isIntegral() ? 1 : 0) + (t.isFloatingPoint() ? 1 : 0);
            assertEquals(1, kinds, t + " has exactly one kind");
            assertEquals(t != BOOL && t != UINT8, t.isSigned(), t.toString());
            assertEquals(t.isFloatingPoint() ? t : FLOAT32, t.toFloating());
        }
        assertEquals(FLOAT32, DType.defaultFor(2.5));
        assertEquals(FLOAT32, DType.defaultFor(2.5f));
        assertEquals(INT64, DType.defaultFor(2));
        assertEquals(INT64, DType.defaultFor(2L));
        assertEquals(FLOAT32, DType.defaultFloat());
    }
}
