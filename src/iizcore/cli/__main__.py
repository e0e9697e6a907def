import sys

from iizcore.cli import main

sys.exit(main())
