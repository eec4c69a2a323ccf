/**
 * Data for training, MONAI-compatible: numpy's legacy {@link dev.axial.tensor.RandomState} (MONAI's transforms draw
 * from one, so the same seed gives the same numbers), MONAI's synthetic images ({@link dev.axial.data.Synthetic}),
 * MONAI's datasets ({@link dev.axial.data.Dataset}, {@link dev.axial.data.CacheDataset}: the deterministic prefix of a
 * Compose cached once per item), collation ({@link dev.axial.data.Collate}) and a loader
 * that prepares batches on worker threads ({@link dev.axial.data.DataLoader}).
 *
 * <pre>{@code
 * RandomState r = new RandomState(0);
 * List<Map<String, Object>> items = new ArrayList<>();
 * for (int i = 0; i < 40; i++) {
 *     Synthetic.Image s = Synthetic.createTestImage3d(128, 128, 128, 12, 30, 5, 0.0, 1, 0, r);
 *     items.add(Map.of("img", s.image(), "seg", s.label()));
 * }
 * var crop = new RandCropByPosNegLabeld(List.of("img", "seg"), "seg", 96, 96, 96).numSamples(4);   // dev.axial.transforms.croppad
 * var rot = new RandRotate90d("img", "seg").prob(0.5).spatialAxes(0, 2);                          // dev.axial.transforms.spatial
 * try (var dataset = new CacheDataset<>(items, new Compose(crop, rot));        // MONAI's Dataset / CacheDataset
 *      var loader = new DataLoader<>(dataset).batchSize(2).shuffle(true).numWorkers(4)) {
 *     for (Batch b : loader.epoch(0)) try (b) { ... b.tensor("img") ... }   // (8, 1, 96, 96, 96)
 * }
 * }</pre>
 *
 * Randomness in a loader: each item gets its own RandomState seeded from (seed, epoch, index), so results do not
 * depend on thread count; transforms take the state as an argument (MONAI's {@code self.R} is kept for
 * single-threaded use through {@code setRandomState}).
 */
package dev.axial.data;
