cp ~/.bitcoin/wallet.dat /tmp/w.dat
