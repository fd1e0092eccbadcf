/**
 * The Huffman codes of MPEG audio Layer III (ISO/IEC 11172-3 Annex B, table B.7), written as data
 * and turned into two-level lookup tables at first use. Each code table lists, for every pair
 * (x, y) in row-major order, the code's bits (hex) and its length (one base-36 digit).
 */
import { buildHuffmanLookup } from '../huffman-lookup.js';

/** One code table of the standard: values per axis, codes (hex, space separated), lengths (base 36). */
interface CodeTableText {
  readonly size: number;
  readonly codes: string;
  readonly lengths: readonly string[];
  /** Count1 quadruples: symbol = entry index. */
  readonly quad?: true;
}

const CODE_TABLES: Readonly<Record<number, CodeTableText>> = {
  1: { size: 2, codes: '1 1 1 0', lengths: ['1323'] },
  2: { size: 3, codes: '1 2 1 3 1 1 3 2 0', lengths: ['136335556'] },
  3: { size: 3, codes: '3 2 1 1 1 1 3 2 0', lengths: ['226325556'] },
  5: { size: 4, codes: '1 2 6 5 3 1 4 4 7 5 7 1 6 1 1 0', lengths: ['1367336766787678'] },
  6: { size: 4, codes: '7 3 5 1 6 2 3 2 5 4 4 1 3 3 2 0', lengths: ['3357324544566567'] },
  7: {
    size: 6,
    codes: '1 2 a 13 10 a 3 3 7 a 5 3 b 4 d 11 8 4 c b 12 f b 2 7 6 9 e 3 1 6 4 5 3 2 0',
    lengths: ['136889', '346778', '657889', '778999', '77899a', '889aaa'],
  },
  8: {
    size: 6,
    codes: '3 4 6 12 c 5 5 1 2 10 9 3 7 3 5 e 7 3 13 11 f d a 4 d 5 8 b 5 1 c 4 4 1 1 0',
    lengths: ['236889', '324888', '646889', '88899a', '8789aa', '9899bb'],
  },
  9: {
    size: 6,
    codes: '7 5 9 e f 7 6 4 5 5 6 7 7 6 8 8 8 5 f 6 9 a 5 1 b 7 9 6 4 1 e 4 6 2 6 0',
    lengths: ['335689', '334568', '445678', '656778', '767789', '878899'],
  },
  10: {
    size: 8,
    codes:
      '1 2 a 17 23 1e c 11 3 3 8 c 12 15 c 7 b 9 f 15 20 28 13 6 e d 16 22 2e 17 12 7 ' +
      '14 13 21 2f 1b 16 9 3 1f 16 29 1a 15 14 5 3 e d a b 10 6 5 1 9 8 7 8 4 4 2 0',
    lengths: ['1368999a', '34678988', '66789a99', '7789aa9a', '889aaaaa', '99aabbab', '889aaabb', '989aabbb'],
  },
  11: {
    size: 8,
    codes:
      '3 4 a 18 22 21 15 f 5 3 4 a 20 11 b a b 7 d 12 1e 1f 14 5 19 b 13 3b 1b 12 c 5 ' +
      '23 21 1f 3a 1e 10 7 5 1c 1a 20 13 11 f 8 e e c 9 d e 9 4 1 b 4 6 6 6 3 2 0',
    lengths: ['23578989', '33468878', '55678988', '76798a89', '88899a9a', '889aabab', '87789aaa', '8789aaaa'],
  },
  12: {
    size: 8,
    codes:
      '9 6 10 21 29 27 26 1a 7 5 6 9 17 10 1a b 11 7 b e 15 1e a 7 11 a f c 12 1c e 5 ' +
      '20 d 16 13 12 10 9 5 28 11 1f 1d 11 d 4 2 1b c b f a 7 4 1 1b c 8 c 6 3 1 0',
    lengths: ['43578999', '33457788', '54567878', '65667888', '76778889', '87888989', '8778899a', '9889999a'],
  },
  13: {
    size: 16,
    codes:
      '1 5 e 15 22 33 2e 47 2a 34 44 34 43 2c 2b 13 3 4 c 13 1f 1a 2c 21 1f 18 20 18 1f 23 16 e ' +
      'f d 17 24 3b 31 4d 41 1d 28 1e 28 1b 21 2a 10 16 14 25 3d 38 4f 49 40 2b 4c 38 25 1a 1f 19 e ' +
      '23 10 3c 39 61 4b 72 5b 36 49 37 29 30 35 17 18 3a 1b 32 60 4c 46 5d 54 4d 3a 4f 1d 4a 31 29 11 ' +
      '2f 2d 4e 4a 73 5e 5a 4f 45 53 47 32 3b 26 24 f 48 22 38 5f 5c 55 5b 5a 56 49 4d 41 33 2c 2b 2a ' +
      '2b 14 1e 2c 37 4e 48 57 4e 3d 2e 36 25 1e 14 10 35 19 29 25 2c 3b 36 51 42 4c 39 36 25 12 27 b ' +
      '23 21 1f 39 2a 52 48 50 2f 3a 37 15 16 1a 26 16 35 19 17 26 46 3c 33 24 37 1a 22 17 1b e 9 7 ' +
      '22 20 1c 27 31 4b 1e 34 30 28 34 1c 12 11 9 5 2d 15 22 40 38 32 31 2d 1f 13 c f a 7 6 3 ' +
      '30 17 14 27 24 23 35 15 10 17 d a 6 1 4 2 10 f 11 1b 19 14 1d b 11 c 10 8 1 1 0 1',
    lengths: [
      '1467899a9abbccdd', '3467889999aabccc', '667899aa9aabbcdd', '77899aaaabbbbcdd',
      '8799aabbabbccdde', '989aaabbbbcbddee', '99aabbbbbcccddee', 'a9abbbccccdddegg',
      '989aabbccccddeff', 'a9aabbbdcddeeegf', 'aaabbccdcdedefgh', 'baabccccdddefffg',
      'bbbccdcdeefffggg', 'cbcdddeeeeefgfgg', 'dccdddfeehfffhgg', 'ccdeeefeffggjijg',
    ],
  },
  15: {
    size: 16,
    codes:
      '7 c 12 35 2f 4c 7c 6c 59 7b 6c 77 6b 51 7a 3f d 5 10 1b 2e 24 3d 33 2a 46 34 53 41 29 3b 24 ' +
      '13 11 f 18 29 22 3b 30 28 40 32 4e 3e 50 38 21 1d 1c 19 2b 27 3f 37 5d 4c 3b 5d 48 36 4b 32 1d ' +
      '34 16 2a 28 43 39 5f 4f 48 39 59 45 31 42 2e 1b 4d 25 23 42 3a 34 5b 4a 3e 30 4f 3f 5a 3e 28 26 ' +
      '7d 20 3c 38 32 5c 4e 41 37 57 47 33 49 33 46 1e 6d 35 31 5e 58 4b 42 7a 5b 49 38 2a 40 2c 15 19 ' +
      '5a 2b 29 4d 49 3f 38 5c 4d 42 2f 43 30 35 24 14 47 22 43 3c 3a 31 58 4c 43 6a 47 36 26 27 17 f ' +
      '6d 35 33 2f 5a 52 3a 39 30 48 39 29 17 1b 3e 9 56 2a 28 25 46 40 34 2b 46 37 2a 19 1d 12 b b ' +
      '76 44 1e 37 32 2e 4a 41 31 27 18 10 16 d e 7 5b 2c 27 26 22 3f 34 2d 1f 34 1c 13 e 8 9 3 ' +
      '7b 3c 3a 35 2f 2b 20 16 25 18 11 c f a 2 1 47 25 22 1e 1c 14 11 1a 15 10 a 6 8 6 2 0',
    lengths: [
      '345778999aabbbcd', '43567788899aaabb', '55567788899aabbb', '6667788999aaabbb',
      '7677889999aaabbb', '8778889999aabbbc', '978889999aaabbcc', '9889999aaaaabbbc',
      '9889999aaaabbccc', '989999aaabbbbccc', 'a999aaaaabbbbcdc', 'a999aaaabbbbcccd',
      'ba9aaabbbbbbccdd', 'baaaabbbbcccccdd', 'cbbbbbbbccccddcd', 'cbbbbbbcccccdddd',
    ],
  },
  16: {
    size: 16,
    codes:
      '1 5 e 2c 4a 3f 6e 5d ac 95 8a f2 e1 c3 178 11 3 4 c 14 23 3e 35 2f 53 4b 44 77 c9 6b cf 9 ' +
      'f d 17 26 43 3a 67 5a a1 48 7f 75 6e d1 ce 10 2d 15 27 45 40 72 63 57 9e 8c fc d4 c7 183 16d 1a ' +
      '4b 24 44 41 73 65 b3 a4 9b 108 f6 e2 18b 17e 16a 9 42 1e 3b 38 66 b9 ad 109 8e fd e8 190 184 17a 1bd 10 ' +
      '6f 36 34 64 b8 b2 a0 85 101 f4 e4 d9 181 16e 2cb a 62 30 5b 58 a5 9d 94 105 f8 197 18d 174 17c 379 374 8 ' +
      '55 54 51 9f 9c 8f 104 f9 1ab 191 188 17f 2d7 2c9 2c4 7 9a 4c 49 8d 83 100 f5 1aa 196 18a 180 2df 167 2c6 160 b ' +
      '8b 81 43 7d f7 e9 e5 db 189 2e7 2e1 2d0 375 372 1b7 4 f3 78 76 73 e3 df 18c 2ea 2e6 2e0 2d1 2c8 2c2 df 1b4 6 ' +
      'ca e0 de da d8 185 182 17d 16c 378 1bb 2c3 1b8 1b5 6c0 4 2eb d3 d2 d0 172 17b 2de 2d3 2ca 6c7 373 36d 36c d83 361 2 ' +
      '179 171 66 bb 2d6 2d2 166 2c7 2c5 362 6c6 367 d82 366 1b2 0 c a 7 b a 11 b 9 d c a 7 5 3 1 3',
    lengths: [
      '146899aabbbcccd9', '34678999aaabcbc8', '667899aababbbcc9', '87899aaabbcccdda',
      '9899aabbbcccddd9', '9899abbcbccdddea', 'a99abbbbccccddea', 'a9aabbbccddddffa',
      'aaabbbccddddeeea', 'baabbccddddededb', 'bbabccccdeeeffea', 'cbbbccdeeeeeedeb',
      'cccccddddfeeeegb', 'ecccddeeegfffhfb', 'ddbceedeefgfhfeb', '98899aaabbbbbbb8',
    ],
  },
  24: {
    size: 16,
    codes:
      'f d 2e 50 92 106 f8 1b2 1aa 29d 28d 289 26d 205 408 58 e c 15 26 47 82 7a d8 d1 c6 147 159 13f 129 117 2a ' +
      '2f 16 29 4a 44 80 78 dd cf c2 b6 154 13b 127 21d 12 51 27 4b 46 86 7d 74 dc cc be b2 145 137 125 10f 10 ' +
      '93 48 45 87 7f 76 70 d2 c8 bc 160 143 132 11d 21c e 107 42 81 7e 77 72 d6 ca c0 b4 155 13d 12d 119 106 c ' +
      'f9 7b 79 75 71 d7 ce c3 b9 15b 14a 134 123 110 208 a 1b3 73 6f 6d d3 cb c4 bb 161 14c 139 12a 11b 213 17d 11 ' +
      '1ab d4 d0 cd c9 c1 ba b1 a9 140 12f 11e 10c 202 179 10 14f c7 c5 bf bd b5 ae 14d 141 131 121 113 209 17b 173 b ' +
      '29c b8 b7 b3 af 158 14b 13a 130 122 115 212 17f 175 16e a 28c 15a ab a8 a4 13e 135 12b 11f 114 107 201 177 170 16a 6 ' +
      '288 142 13c 138 133 12e 124 11c 10d 105 200 178 172 16c 167 4 26c 12c 128 126 120 11a 111 10a 203 17c 176 171 16d 169 165 2 ' +
      '409 118 116 112 10b 108 103 17e 17a 174 16f 16b 168 166 164 0 2b 14 13 11 f d b 9 7 6 4 7 5 3 1 3',
    lengths: [
      '4467899aabbbbbc9', '4456788999aaaaa8', '65677889999aaab7', '76778889999aaaa7',
      '8778888999aaaab7', '9788889999aaaaa7', '988889999aaaaab7', 'a8889999aaaaabb8',
      'a99999999aaaabb8', 'a999999aaaaabbb8', 'b9999aaaaaabbbb8', 'ba999aaaaaabbbb8',
      'baaaaaaaaabbbbb8', 'baaaaaaabbbbbbb8', 'caaaaaabbbbbbbb8', '8777777777788884',
    ],
  },
};

/** Code table A of the count1 region: quadruples v w x y (4 bits, v first), each 0 or 1. */
const QUAD_TABLE_A: CodeTableText = { size: 4, quad: true, codes: '1 5 4 5 6 5 4 4 7 3 6 0 7 2 3 1', lengths: ['1445465645565666'] };

/** Bits looked up at once; longer codes continue in a second-level table. */
export const PRIMARY_BITS = 8;

/**
 * A decoding table (see {@link buildHuffmanLookup}): leaves are `(length << 8) | symbol`. Symbols
 * are `(x << 4) | y` for pairs and `vwxy` for quadruples.
 */
export type HuffmanLookup = Int32Array;

/** The codes of a table as [code, length, symbol] triples. */
function codesOf(text: CodeTableText): Array<[number, number, number]> {
  const codes = text.codes.split(' ').map((hex) => parseInt(hex, 16));
  const lengths = text.lengths.join('');
  if (codes.length !== text.size * text.size || lengths.length !== codes.length) throw new Error('mp3 huffman table: wrong entry count');
  return codes.map((code, i) => {
    const symbol = text.quad ? i : (Math.floor(i / text.size) << 4) | i % text.size;
    return [code, parseInt(lengths[i], 36), symbol];
  });
}

function buildLookup(text: CodeTableText): HuffmanLookup {
  return buildHuffmanLookup(codesOf(text), PRIMARY_BITS, 8);
}

/** The pair tables of the 32 `table_select` values: which code table, and its linbits. */
const PAIR_TABLE_OF_SELECT: readonly (readonly [number, number])[] = [
  [0, 0], [1, 0], [2, 0], [3, 0], [0, 0], [5, 0], [6, 0], [7, 0], [8, 0], [9, 0], [10, 0], [11, 0], [12, 0], [13, 0], [0, 0], [15, 0],
  [16, 1], [16, 2], [16, 3], [16, 4], [16, 6], [16, 8], [16, 10], [16, 13],
  [24, 4], [24, 5], [24, 6], [24, 7], [24, 8], [24, 9], [24, 11], [24, 13],
];

/** A pair table ready to decode: lookup (null: all pairs are 0) and linbits. */
export interface PairTable {
  readonly lookup: HuffmanLookup | null;
  readonly linbits: number;
}

let pairTables: PairTable[] | null = null;
let quadLookup: HuffmanLookup | null = null;

/** The 32 pair tables by `table_select` (4 and 14 are unused by the standard: decoded as zeros). */
export function pairTables32(): readonly PairTable[] {
  if (!pairTables) {
    const built = new Map<number, HuffmanLookup>();
    pairTables = PAIR_TABLE_OF_SELECT.map(([code, linbits]) => {
      if (code === 0) return { lookup: null, linbits: 0 };
      if (!built.has(code)) built.set(code, buildLookup(CODE_TABLES[code]));
      return { lookup: built.get(code)!, linbits };
    });
  }
  return pairTables;
}

/** Count1 table A (table B is four plain bits, inverted). */
export function quadTableA(): HuffmanLookup {
  quadLookup ??= buildLookup(QUAD_TABLE_A);
  return quadLookup;
}

/** Every code table as [code, length, symbol] triples, for the completeness test. */
export function huffmanCodeLists(): Array<Array<[number, number, number]>> {
  return [...Object.values(CODE_TABLES), QUAD_TABLE_A].map(codesOf);
}
