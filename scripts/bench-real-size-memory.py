#!/usr/bin/env python3
"""The real-size lesson 62 as a memory benchmark: peak resident memory, per cell.

The project has no real 3,670-photo tf_flowers set, so this builds one of the same shape
outside the repository: the 200 sample photos of ../shared/data/flowers-sample repeated under
new names to tf_flowers' class sizes (633 daisy, 898 dandelion, 641 roses, 699 sunflowers,
799 tulips), and a random R50x1 in the official layout with BiT-M's 21,843-class head from
../shared/fixtures/bit-tiny/gen_weights.py. It then runs `lesson run 62 --data ... --weights ...`
at the lesson's defaults into a fresh output folder, samples the process's resident set
(/proc/PID/status, every 50 ms) and reports the exact peak (the kernel's ru_maxrss) and each
cell's peak and duration (from the run record, output/62/.cache/run.json). The lesson's output goes to
WORK/lesson.log and the samples (time, bytes) to WORK/resident.json.

It is a measurement, not a test: the figures depend on the machine (and on what else runs on
it). The photos are never copied into the repository; the work folder defaults to a new
temporary folder and may be reused with --work (the data and weights are then kept).

    swift build -c release --product lesson
    scripts/bench-real-size-memory.py [--work DIR] [--lesson .build/release/lesson] [--json]
"""
import argparse
import datetime
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.path.join(os.path.dirname(REPO), 'shared')
SAMPLE = os.path.join(SHARED, 'data', 'flowers-sample')
GENERATOR = os.path.join(SHARED, 'fixtures', 'bit-tiny', 'gen_weights.py')
# tf_flowers' class sizes (3,670 photos).
CLASS_SIZES = {'daisy': 633, 'dandelion': 898, 'roses': 641, 'sunflowers': 699, 'tulips': 799}


def timestamp(value):
  """Seconds since 1970 of a run-record date (ISO 8601, as the run record writes it)."""
  return datetime.datetime.fromisoformat(value.replace('Z', '+00:00')).timestamp()


def build_photos(folder):
  """The sample photos repeated, under new names, to tf_flowers' class sizes."""
  done = os.path.join(folder, '.complete')
  if os.path.exists(done):
    return
  for name, count in CLASS_SIZES.items():
    source = os.path.join(SAMPLE, name)
    photos = sorted(os.listdir(source))
    target = os.path.join(folder, name)
    os.makedirs(target, exist_ok=True)
    for i in range(count):
      photo = photos[i % len(photos)]
      shutil.copyfile(os.path.join(source, photo),
                      os.path.join(target, f'copy{i // len(photos):02d}_{photo}'))
  open(done, 'w').close()


def build_weights(path):
  """A random BiT-M-R50x1-shaped checkpoint (21,843-class head), deterministic."""
  if os.path.exists(path):
    return
  subprocess.run([sys.executable, GENERATOR, '--block-units', '3,4,6,3', '--width-factor', '1',
                  '--head-size', '21843', '--seed', '7', '--out', path + '.tmp'],
                 check=True, stdout=subprocess.DEVNULL)
  os.rename(path + '.tmp', path)


def resident_bytes(pid):
  try:
    with open(f'/proc/{pid}/status') as status:
      for line in status:
        if line.startswith('VmRSS:'):
          return int(line.split()[1]) * 1024
  except OSError:
    return None
  return None


def run(lesson, data, weights, output, extra):
  """Runs the lesson; returns (ru_maxrss bytes, seconds, [(time, rss)], log lines)."""
  command = [lesson, 'run', '62', '--data', data, '--weights', weights, '--output', output] + extra
  start = time.time()
  process = subprocess.Popen(command, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                             text=True, errors='replace')
  lines = []
  reader = threading.Thread(target=lambda: lines.extend(process.stdout), daemon=True)
  reader.start()
  samples = []
  while process.poll() is None:
    rss = resident_bytes(process.pid)
    if rss is not None:
      samples.append((time.time(), rss))
    time.sleep(0.05)
  reader.join()
  # Popen reaped the child; its peak is in the children's rusage (only child run so far).
  import resource
  peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
  if process.returncode != 0:
    sys.stderr.write(''.join(lines[-40:]))
    raise SystemExit(f'lesson run failed with status {process.returncode}')
  return peak, time.time() - start, samples, lines


def per_cell(output, samples):
  """Each computed cell's duration and the peak of the samples taken while it ran."""
  with open(os.path.join(output, '62', '.cache', 'run.json')) as f:
    record = json.load(f)
  cells = []
  for cell in record['cells']:
    if cell.get('startedAt') is None or cell.get('duration') is None:
      continue
    # The record's times are whole seconds: widen each cell's window by one.
    begin = timestamp(cell['startedAt'])
    end = begin + cell['duration'] + 1
    inside = [rss for t, rss in samples if begin <= t <= end]
    cells.append({'cell': cell['name'], 'seconds': round(cell['duration'], 1),
                  'from_cache': cell.get('fromCache', False),
                  'peak_bytes': max(inside) if inside else None})
  return cells


def main():
  parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
  parser.add_argument('--work', help='folder for the photos, weights and output (default: a new temporary folder)')
  parser.add_argument('--lesson', default=os.path.join(REPO, '.build', 'release', 'lesson'))
  parser.add_argument('--json', action='store_true', help='print one JSON object')
  parser.add_argument('extra', nargs='*', help='more arguments for `lesson run 62` (after --)')
  args = parser.parse_args()
  if not os.path.isdir(SAMPLE) or not os.path.exists(GENERATOR):
    raise SystemExit(f'needs {SAMPLE} and {GENERATOR} (the shared folder next to the clone)')
  work = os.path.abspath(args.work or tempfile.mkdtemp(prefix='lesson-real-size-'))
  if os.path.commonpath([work, REPO]) == REPO:
    raise SystemExit('the work folder must be outside the repository (the photos are not the project\'s)')
  photos, weights = os.path.join(work, 'flowers'), os.path.join(work, 'BiT-R50x1-random.npz')
  output = os.path.join(work, 'output')
  build_photos(photos)
  build_weights(weights)
  shutil.rmtree(output, ignore_errors=True)
  peak, seconds, samples, lines = run(args.lesson, photos, weights, output, args.extra)
  with open(os.path.join(work, 'lesson.log'), 'w') as log:
    log.writelines(lines)
  with open(os.path.join(work, 'resident.json'), 'w') as f:
    json.dump(samples, f)
  cells = per_cell(output, samples)
  if args.json:
    print(json.dumps({'peak_bytes': peak, 'seconds': round(seconds, 1), 'cells': cells}))
    return
  print(f'real-size lesson 62: {sum(CLASS_SIZES.values())} photos, random R50x1 (21,843-class head), '
        f'lesson defaults')
  print(f'peak resident memory {peak / 1e9:.2f} GB, {seconds:.0f} s (work folder {work})')
  for cell in cells:
    held = f'{cell["peak_bytes"] / 1e9:5.2f} GB' if cell['peak_bytes'] else '    — '
    print(f'  {cell["cell"]:<16} {cell["seconds"]:7.1f} s  peak {held}'
          + ('  (cached)' if cell['from_cache'] else ''))


if __name__ == '__main__':
  main()
