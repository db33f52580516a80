// An open-loop load generator for bench/replicas.sh: requests start at a fixed rate whatever the answers' speed
// (wrk waits for each answer, so it can only saturate), each a distinct chart (no cache hit). Prints the rate
// achieved, p50 and p99 latency and errors.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"net/http"
	"sort"
	"sync"
	"time"
)

func main() {
	url := flag.String("url", "", "POST target, such as http://127.0.0.1:18281/api/v1/charts")
	rate := flag.Int("rate", 100, "requests started per second")
	duration := flag.Duration("duration", 20*time.Second, "how long to send")
	flag.Parse()
	client := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: 256}}
	var mu sync.Mutex
	var latencies []time.Duration
	errors := 0
	var wg sync.WaitGroup
	tick := time.NewTicker(time.Second / time.Duration(*rate))
	defer tick.Stop()
	start := time.Now()
	for n := 0; time.Since(start) < *duration; n++ {
		<-tick.C
		wg.Add(1)
		go func(n int) {
			defer wg.Done()
			body := fmt.Sprintf(`{"chart.name": "shop", "image.tag": "1.0.%d-%d"}`, n, start.UnixNano())
			t := time.Now()
			req, _ := http.NewRequest("POST", *url, bytes.NewBufferString(body))
			req.Header.Set("Content-Type", "application/json")
			resp, err := client.Do(req)
			ok := err == nil && resp.StatusCode == 200
			if err == nil {
				_, _ = bytes.NewBuffer(nil).ReadFrom(resp.Body)
				resp.Body.Close()
			}
			mu.Lock()
			defer mu.Unlock()
			if ok {
				latencies = append(latencies, time.Since(t))
			} else {
				errors++
			}
		}(n)
	}
	wg.Wait()
	elapsed := time.Since(start)
	sort.Slice(latencies, func(i, j int) bool { return latencies[i] < latencies[j] })
	pct := func(p float64) float64 {
		if len(latencies) == 0 {
			return 0
		}
		return float64(latencies[int(p*float64(len(latencies)-1))].Microseconds()) / 1000
	}
	fmt.Printf("%.0f %.2f %.2f %d\n", float64(len(latencies))/elapsed.Seconds(), pct(0.5), pct(0.99), errors)
}
