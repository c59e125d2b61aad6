#!/usr/bin/env python3
"""Writes the tfds split fixture of lesson 62's `split=tfds` rule, computed by tfds' own code.

    python3 -m venv /tmp/tfds && /tmp/tfds/bin/pip install tensorflow-datasets
    /tmp/tfds/bin/python scripts/tfds-split-fixture.py ../shared/data/flowers-sample \
        > Tests/ImagePipelineTests/Fixtures/tfds-split-flowers-sample.csv

For every `<class>/<file>.jpg` of the folder it gives the key tf_flowers' builder yields
(`datasets/tf_flowers/tf_flowers_dataset_builder.py`: "%s/%s" % (class folder, file name)),
orders the examples as tfds' writer does (`core/shuffle.Shuffler` with the split name "train"
as hash salt, `core/split_builder.py`), and cuts `train[:85%]` / `train[85%:]` with tfds'
percent-slice arithmetic (`core/splits._rel_to_abs_instr`, rounding "closest").
Output: `position,key,subset` in record order.
"""
import os
import sys
import tempfile

from tensorflow_datasets.core import shuffle, splits

folder = sys.argv[1]
percent = int(sys.argv[2]) if len(sys.argv) > 2 else 85
keys = []
for d in sorted(os.listdir(folder)):
    if not os.path.isdir(os.path.join(folder, d)):
        continue
    for f in sorted(os.listdir(os.path.join(folder, d))):
        if f.endswith(".jpg"):
            keys.append("%s/%s" % (d, f))

with tempfile.TemporaryDirectory() as tmp:
    shuffler = shuffle.Shuffler(tmp, hash_salt="train")
    for key in keys:
        shuffler.add(key, key.encode())
    ordered = [data.decode() for _, data in shuffler]

n = len(ordered)
info = {"train": splits.SplitInfo(name="train", shard_lengths=[n], num_bytes=0)}
train = splits._rel_to_abs_instr(splits.ReadInstruction("train", to=percent, unit="%"), info)
validation = splits._rel_to_abs_instr(splits.ReadInstruction("train", from_=percent, unit="%"), info)
assert train.from_ in (None, 0) and train.to == validation.from_ and validation.to in (None, n), (train, validation)
print("position,key,subset")
for position, key in enumerate(ordered):
    print("%d,%s,%s" % (position, key, "train" if position < train.to else "validation"))
