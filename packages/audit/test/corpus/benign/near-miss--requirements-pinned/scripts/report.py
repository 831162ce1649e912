import sys
import pandas as pd
pd.read_csv(sys.argv[1]).to_excel(sys.argv[2], index=False)
