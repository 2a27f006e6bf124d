//! Lambda function `weather-refresh`: serves the registry entry of that name.

rouen_lambdas::lambda_main!("weather-refresh");
